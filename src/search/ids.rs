//! Lists of document ids as the index's files hold them: short strings of distances and
//! runs (see [`encode`]), which the search client reads back.

/// The digits of an encoded id list: a number is written in base 32, most significant
/// digit first, its last digit from the first half of this alphabet and the others from the
/// second. All 64 need no escaping in JSON or a URL.
pub const DIGITS: &[u8; 64] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";

/// Encodes sorted, distinct ids as a short string: each id as its distance `d` from the
/// previous one (the first from -1), and a run of `k` ≥ 2 further consecutive ids as one
/// number; `d` is written as `2(d-1)`, `k` as `2(k-2)+1`, in the [`DIGITS`]. A typical
/// distance takes one or two characters (JSON numbers took three or four with the comma).
/// `[0, 1, 2, 3, 7]` → distance 1, a run of 3, distance 4 → `"036"`.
pub fn encode(ids: &[u32]) -> String {
    let mut out = String::new();
    let mut prev: i64 = -1;
    let mut i = 0;
    while i < ids.len() {
        let id = i64::from(ids[i]);
        push_number(&mut out, 2 * (id - prev - 1) as u64);
        prev = id;
        let mut run = 0;
        while i + 1 + run < ids.len() && i64::from(ids[i + 1 + run]) == prev + 1 + run as i64 {
            run += 1;
        }
        if run >= 2 {
            push_number(&mut out, 2 * (run as u64 - 2) + 1);
            prev += run as i64;
            i += run;
        }
        i += 1;
    }
    out
}

fn push_number(out: &mut String, mut n: u64) {
    let mut digits = [0u8; 13];
    let mut len = 0;
    loop {
        digits[len] = DIGITS[(n % 32) as usize + if len == 0 { 0 } else { 32 }];
        len += 1;
        n /= 32;
        if n == 0 {
            break;
        }
    }
    out.extend(digits[..len].iter().rev().map(|&b| b as char));
}

/// The inverse of [`encode`]; `None` for a character outside the [`DIGITS`], a number cut
/// off before its last digit, or one too large.
pub fn decode(encoded: &str) -> Option<Vec<u32>> {
    let mut out = Vec::new();
    let mut prev: i64 = -1;
    let mut n: u64 = 0;
    let mut open = false;
    for b in encoded.bytes() {
        let d = DIGITS.iter().position(|&x| x == b)? as u64;
        n = n.checked_mul(32)?.checked_add(d % 32)?;
        open = d >= 32;
        if open {
            continue;
        }
        if n.is_multiple_of(2) {
            prev += (n / 2) as i64 + 1;
            out.push(u32::try_from(prev).ok()?);
        } else {
            for _ in 0..n / 2 + 2 {
                prev += 1;
                out.push(u32::try_from(prev).ok()?);
            }
        }
        n = 0;
    }
    (!open).then_some(out)
}
