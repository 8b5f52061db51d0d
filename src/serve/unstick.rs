//! Keeps a page from hanging on a connection the web server never reads.
//!
//! tiny_http runs each connection on a thread of its pool for as long as the connection
//! stays open, and browsers keep theirs open. When a browser opens several connections at
//! once while a thread or two wait, the pool can wake one thread for two connections (a
//! wake-up is lost), and the second waits in the queue until some thread is free, which
//! may be minutes. The editor's browser test caught it: a page whose script never came,
//! its request unread on the server (`ss`: 594 bytes in the connection's receive queue),
//! every pool thread waiting on a kept-alive connection that sent nothing more.
//!
//! The cure is what servers do anyway: close kept-alive connections that are idle. Every
//! quarter second this looks at the server's own connections (Linux: `/proc/self/fd`).
//! While one has a request nobody has read, it stops reading from the connection idle the
//! longest (over a second without data), whose thread then takes the waiting connection.
//! A browser sends its next request on another connection. Answers still being written
//! on a closed-for-reading connection (a page's long wait for the next build) still go out.

use std::time::Duration;

/// How often the connections are looked at.
const EVERY: Duration = Duration::from_millis(250);
/// How long a connection must have been silent to be closed for another.
const IDLE_MS: u32 = 1000;

/// Watches the connections of the server on `port`, for as long as the process runs.
pub(super) fn watch(port: u16) {
    #[cfg(target_os = "linux")]
    std::thread::spawn(move || loop {
        std::thread::sleep(EVERY);
        linux::unstick(port);
    });
    #[cfg(not(target_os = "linux"))]
    let _ = port;
}

#[cfg(target_os = "linux")]
mod linux {
    use super::IDLE_MS;

    /// One accepted connection of the server: its descriptor, the bytes waiting unread,
    /// and milliseconds since it last received data.
    struct Conn {
        fd: i32,
        unread: i32,
        silent_ms: u32,
    }

    pub(super) fn unstick(port: u16) {
        let conns = connections(port);
        if !conns.iter().any(|c| c.unread > 0 && c.silent_ms >= 200) {
            return;
        }
        if let Some(idle) = conns
            .iter()
            .filter(|c| c.unread == 0 && c.silent_ms >= IDLE_MS)
            .max_by_key(|c| c.silent_ms)
        {
            // SAFETY: a socket descriptor of this process, read from /proc/self/fd.
            unsafe { libc::shutdown(idle.fd, libc::SHUT_RD) };
        }
    }

    /// The server's side of every connection to `port`.
    fn connections(port: u16) -> Vec<Conn> {
        let Ok(dir) = std::fs::read_dir("/proc/self/fd") else {
            return Vec::new();
        };
        dir.filter_map(|e| e.ok()?.file_name().to_str()?.parse::<i32>().ok())
            .filter_map(|fd| conn(fd, port))
            .collect()
    }

    fn conn(fd: i32, port: u16) -> Option<Conn> {
        // SAFETY: plain queries on a descriptor of this process, into sized buffers; a
        // descriptor that is not a connected TCP socket fails them and is skipped.
        unsafe {
            let mut addr: libc::sockaddr_storage = std::mem::zeroed();
            let mut len = std::mem::size_of::<libc::sockaddr_storage>() as libc::socklen_t;
            if libc::getsockname(
                fd,
                (&mut addr as *mut libc::sockaddr_storage).cast(),
                &mut len,
            ) != 0
            {
                return None;
            }
            let local = match i32::from(addr.ss_family) {
                libc::AF_INET => {
                    let a: &libc::sockaddr_in = &*(&addr as *const libc::sockaddr_storage).cast();
                    u16::from_be(a.sin_port)
                }
                libc::AF_INET6 => {
                    let a: &libc::sockaddr_in6 = &*(&addr as *const libc::sockaddr_storage).cast();
                    u16::from_be(a.sin6_port)
                }
                _ => return None,
            };
            // The listening socket has the port too, but no peer.
            let mut peer: libc::sockaddr_storage = std::mem::zeroed();
            let mut plen = std::mem::size_of::<libc::sockaddr_storage>() as libc::socklen_t;
            if local != port
                || libc::getpeername(
                    fd,
                    (&mut peer as *mut libc::sockaddr_storage).cast(),
                    &mut plen,
                ) != 0
            {
                return None;
            }
            let mut unread: libc::c_int = 0;
            if libc::ioctl(fd, libc::FIONREAD, &mut unread) != 0 {
                return None;
            }
            let mut info: libc::tcp_info = std::mem::zeroed();
            let mut ilen = std::mem::size_of::<libc::tcp_info>() as libc::socklen_t;
            if libc::getsockopt(
                fd,
                libc::IPPROTO_TCP,
                libc::TCP_INFO,
                (&mut info as *mut libc::tcp_info).cast(),
                &mut ilen,
            ) != 0
            {
                return None;
            }
            Some(Conn {
                fd,
                unread,
                silent_ms: info.tcpi_last_data_recv,
            })
        }
    }
}
