//! A user's picture (the avatar of guide §2.4 item 1): what an upload may be
//! and how it is stored. An upload is a JPEG, PNG or WebP file of at most
//! [`MAX_UPLOAD_BYTES`] and [`MAX_INPUT_SIDE`] pixels a side; it is decoded,
//! scaled down to fit in [`MAX_SIDE`]×[`MAX_SIDE`] (the aspect ratio kept,
//! never scaled up) and stored as a JPEG, so that what is stored is always a
//! small, well-formed picture whatever was sent.

use std::io::Cursor;

use chrono::{DateTime, Utc};
use image::{ImageFormat, ImageReader, Limits, imageops::FilterType};
use sha2::Digest as _;

/// Largest upload, in bytes.
pub const MAX_UPLOAD_BYTES: usize = 4 * 1024 * 1024;
/// Largest width or height of an upload, in pixels (a small file may
/// declare a huge picture: it is refused before it is decoded).
pub const MAX_INPUT_SIDE: u32 = 8192;
/// Largest width or height of a stored picture.
pub const MAX_SIDE: u32 = 512;
/// JPEG quality of stored pictures.
const QUALITY: u8 = 85;

/// A stored picture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Avatar {
    /// The JPEG.
    pub jpeg: Vec<u8>,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// When it was set.
    pub updated_at: DateTime<Utc>,
}

impl Avatar {
    /// SHA-256 of the JPEG (hex): changes whenever the picture does.
    pub fn etag(&self) -> String {
        hex::encode(sha2::Sha256::digest(&self.jpeg))
    }

    /// Reads the size of a stored JPEG (for stores that keep only the bytes).
    pub fn from_stored_jpeg(jpeg: Vec<u8>, updated_at: DateTime<Utc>) -> Result<Self, String> {
        let (width, height) = ImageReader::with_format(Cursor::new(&jpeg), ImageFormat::Jpeg)
            .into_dimensions()
            .map_err(|e| format!("stored picture is not a JPEG: {e}"))?;
        Ok(Self { jpeg, width, height, updated_at })
    }
}

/// A picture read back from a backup or a directory entry (`jpegPhoto`): a
/// JPEG that fits in [`MAX_SIDE`]×[`MAX_SIDE`] is kept as it is (what pbm
/// stored); anything else is checked and re-encoded like an upload.
pub fn from_imported(bytes: Vec<u8>, updated_at: DateTime<Utc>) -> Result<Avatar, String> {
    if image::guess_format(&bytes).is_ok_and(|f| f == ImageFormat::Jpeg)
        && let Ok(stored) = Avatar::from_stored_jpeg(bytes.clone(), updated_at)
        && stored.width <= MAX_SIDE
        && stored.height <= MAX_SIDE
    {
        return Ok(stored);
    }
    from_upload(&bytes, updated_at)
}

/// Turns an upload into the picture to store, or says what is wrong with it
/// (never panics on input). CPU-bound: run it off the async workers.
pub fn from_upload(upload: &[u8], updated_at: DateTime<Utc>) -> Result<Avatar, String> {
    if upload.is_empty() {
        return Err("is empty: send a JPEG, PNG or WebP picture".into());
    }
    if upload.len() > MAX_UPLOAD_BYTES {
        return Err(format!("is larger than {} MiB", MAX_UPLOAD_BYTES / (1024 * 1024)));
    }
    let format = image::guess_format(upload).map_err(|_| "is not a JPEG, PNG or WebP picture".to_owned())?;
    if !matches!(format, ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP) {
        return Err(format!("is a {format:?} picture: send a JPEG, PNG or WebP one"));
    }
    let mut reader = ImageReader::with_format(Cursor::new(upload), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_INPUT_SIDE);
    limits.max_image_height = Some(MAX_INPUT_SIDE);
    limits.max_alloc = Some(512 * 1024 * 1024);
    reader.limits(limits);
    let picture = reader.decode().map_err(|e| match e {
        image::ImageError::Limits(_) => format!("is larger than {MAX_INPUT_SIDE}×{MAX_INPUT_SIDE} pixels"),
        other => format!("is not a readable {format:?} picture ({other})"),
    })?;
    let picture = if picture.width() > MAX_SIDE || picture.height() > MAX_SIDE {
        picture.resize(MAX_SIDE, MAX_SIDE, FilterType::Lanczos3)
    } else {
        picture
    };
    // JPEG has no alpha: a transparent background becomes white.
    let rgba = picture.to_rgba8();
    let mut rgb = image::RgbImage::new(rgba.width(), rgba.height());
    for (out, pixel) in rgb.pixels_mut().zip(rgba.pixels()) {
        let alpha = u16::from(pixel[3]);
        for channel in 0..3 {
            out[channel] = ((u16::from(pixel[channel]) * alpha + 255 * (255 - alpha)) / 255) as u8;
        }
    }
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, QUALITY)
        .encode_image(&rgb)
        .map_err(|e| format!("could not be stored as a JPEG ({e})"))?;
    Ok(Avatar { width: rgb.width(), height: rgb.height(), jpeg, updated_at })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let picture = image::RgbaImage::from_fn(width, height, |x, y| image::Rgba([x as u8, y as u8, 128, 200]));
        let mut out = Cursor::new(Vec::new());
        picture.write_to(&mut out, ImageFormat::Png).unwrap();
        out.into_inner()
    }

    #[test]
    fn large_pictures_are_scaled_to_fit_and_stored_as_jpeg() {
        let avatar = from_upload(&png(1024, 600), crate::domain::now()).unwrap();
        assert_eq!((avatar.width, avatar.height), (512, 300));
        assert_eq!(image::guess_format(&avatar.jpeg).unwrap(), ImageFormat::Jpeg);
        let again = Avatar::from_stored_jpeg(avatar.jpeg.clone(), avatar.updated_at).unwrap();
        assert_eq!((again.width, again.height), (512, 300));
        assert_eq!(again.etag().len(), 64);
    }

    #[test]
    fn small_pictures_keep_their_size() {
        let avatar = from_upload(&png(40, 30), crate::domain::now()).unwrap();
        assert_eq!((avatar.width, avatar.height), (40, 30));
    }

    #[test]
    fn bad_uploads_say_why() {
        let now = crate::domain::now();
        assert!(from_upload(b"", now).unwrap_err().contains("empty"));
        assert!(from_upload(b"hello, not a picture", now).unwrap_err().contains("not a JPEG, PNG or WebP"));
        let gif = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;";
        assert!(from_upload(gif, now).unwrap_err().contains("Gif"));
        let mut truncated = png(64, 64);
        truncated.truncate(60);
        assert!(from_upload(&truncated, now).unwrap_err().contains("not a readable"));
        assert!(from_upload(&vec![0u8; MAX_UPLOAD_BYTES + 1], now).unwrap_err().contains("larger than 4 MiB"));
        assert!(from_upload(&png(MAX_INPUT_SIDE + 1, 1), now).unwrap_err().contains("pixels"));
    }
}
