//! The pixel work of vinhdanh's photo pipeline: reading a photo as it comes from a phone or
//! a camera ([`decode`]), into sRGB ([`colour`]), and making its resized renditions
//! ([`render`]). What to make, the cache and the file names stay in vinhdanh's `images`
//! module; this crate only turns bytes into bytes.
//!
//! It is a crate of its own so that the tests' debug builds compile it optimised while the
//! rest of vinhdanh is not: the generic code of the image crates (resizing kernels, encoders)
//! is compiled where it is used, and unoptimised it makes photo processing 6× slower.

pub mod colour;
pub mod decode;
pub mod render;
