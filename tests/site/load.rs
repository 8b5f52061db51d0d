//! `vinhdanh serve` under load, on the loopback address: held connections (idle ones and
//! ones that never finish their request's head) do not keep a new visitor waiting, and
//! many clients at once are all answered. Every loop is bounded in count, and every read
//! in time; durations are printed, never asserted (the machines are shared).

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use crate::common::TestSite;
use crate::http::get;
use crate::serve::Serving;

fn site() -> TestSite {
    let mut files = Vec::new();
    for i in 0..20 {
        files.push((
            format!("content/citizens/2023/nguoi-{i}.md"),
            format!(
                "---\nname: Người Thứ {i}\nyear: 2023\nsummary: Việc tốt {i}.\n---\nCâu chuyện.\n"
            ),
        ));
    }
    let files: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    TestSite::new(&files)
}

/// Reads one HTTP/1.1 answer with a `Content-Length` from a kept-alive connection.
fn read_answer(s: &mut TcpStream) -> Option<u16> {
    let mut raw = Vec::new();
    let mut byte = [0u8; 1];
    while !raw.ends_with(b"\r\n\r\n") {
        if s.read(&mut byte).ok()? == 0 {
            return None;
        }
        raw.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&raw).to_ascii_lowercase();
    let length: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))?
        .trim()
        .parse()
        .ok()?;
    let mut body = vec![0u8; length];
    s.read_exact(&mut body).ok()?;
    head.split_whitespace().nth(1)?.parse().ok()
}

#[test]
fn held_connections_do_not_keep_a_new_visitor_waiting() {
    let site = site();
    let server = Serving::start(site.root());
    server.page("/");
    let mut held = Vec::new();
    // 150 browsers' kept-alive connections, idle after one page.
    for _ in 0..150 {
        let mut s = TcpStream::connect(&server.addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        write!(s, "GET / HTTP/1.1\r\nHost: {}\r\n\r\n", server.addr).unwrap();
        assert_eq!(read_answer(&mut s), Some(200));
        held.push(s);
    }
    // 150 that never finish their request's head.
    for _ in 0..150 {
        let mut s = TcpStream::connect(&server.addr).unwrap();
        write!(s, "GET / HTTP/1.1\r\nHost: {}\r\nX-Slow:", server.addr).unwrap();
        held.push(s);
    }
    let start = Instant::now();
    let r = get(&server.addr, "/cong-dan-uu-tu/2023/nguoi-7/").expect("a new visitor is answered");
    assert_eq!(r.status, 200);
    assert!(r.text().contains("Người Thứ 7"));
    println!(
        "new visitor answered in {:.1} ms beside {} held connections",
        start.elapsed().as_secs_f64() * 1000.0,
        held.len()
    );
    // The idle ones are still served when they ask again.
    for s in held.iter_mut().take(5) {
        write!(
            s,
            "GET /cong-dan-uu-tu/ HTTP/1.1\r\nHost: {}\r\n\r\n",
            server.addr
        )
        .unwrap();
        assert_eq!(read_answer(s), Some(200));
    }
}

#[test]
fn five_hundred_requests_from_twenty_clients_are_all_answered() {
    let site = site();
    let server = Serving::start(site.root());
    server.page("/");
    let addr = server.addr.clone();
    let start = Instant::now();
    let clients: Vec<_> = (0..20)
        .map(|c| {
            let addr = addr.clone();
            std::thread::spawn(move || {
                let mut times = Vec::new();
                for i in 0..25 {
                    let path = match i % 3 {
                        0 => format!("/cong-dan-uu-tu/2023/nguoi-{}/", (c + i) % 20),
                        1 => "/".to_string(),
                        _ => "/cong-dan-uu-tu/".to_string(),
                    };
                    let t = Instant::now();
                    let status = get(&addr, &path).map(|r| r.status);
                    times.push(t.elapsed());
                    assert_eq!(status, Some(200), "{path}");
                }
                times
            })
        })
        .collect();
    let mut times: Vec<Duration> = clients
        .into_iter()
        .flat_map(|c| c.join().expect("a client failed"))
        .collect();
    assert_eq!(times.len(), 500);
    times.sort();
    println!(
        "500 requests from 20 clients in {:.2} s: p50 {:.1} ms, p99 {:.1} ms",
        start.elapsed().as_secs_f64(),
        times[250].as_secs_f64() * 1000.0,
        times[495].as_secs_f64() * 1000.0
    );
}
