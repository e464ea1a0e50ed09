//! The robot check of the login (guide §2.2.2, Figure 3): a short random
//! code drawn as a picture that a person reads and types. pbm draws it
//! itself — a built-in 5×7 font, scaled, each character shifted and
//! sheared at random, over noise lines and dots — so it works air-gapped and
//! needs no font files. It slows scripts down; it is not a strong CAPTCHA:
//! the brute-force limit stays the real protection.

use std::io::Cursor;

use image::{ImageFormat, Rgb, RgbImage};
use rand::Rng as _;

/// Characters of a code: no `0/O`, `1/I`, `5/S`, `8/B` or `2/Z` to confuse.
const ALPHABET: &str = "ACDEFGHJKLMNPQRTUVWXY34679";
/// Characters per code.
pub const CODE_LENGTH: usize = 5;
/// Picture size.
const WIDTH: u32 = 180;
const HEIGHT: u32 = 64;
/// Font pixels per picture pixel.
const SCALE: i32 = 5;

/// The glyphs of [`ALPHABET`], 7 rows of 5 columns (`#` set).
fn glyph(c: char) -> [&'static str; 7] {
    match c {
        'A' => [".###.", "#...#", "#...#", "#####", "#...#", "#...#", "#...#"],
        'C' => [".####", "#....", "#....", "#....", "#....", "#....", ".####"],
        'D' => ["####.", "#...#", "#...#", "#...#", "#...#", "#...#", "####."],
        'E' => ["#####", "#....", "#....", "####.", "#....", "#....", "#####"],
        'F' => ["#####", "#....", "#....", "####.", "#....", "#....", "#...."],
        'G' => [".####", "#....", "#....", "#.###", "#...#", "#...#", ".###."],
        'H' => ["#...#", "#...#", "#...#", "#####", "#...#", "#...#", "#...#"],
        'J' => ["..###", "...#.", "...#.", "...#.", "...#.", "#..#.", ".##.."],
        'K' => ["#...#", "#..#.", "#.#..", "##...", "#.#..", "#..#.", "#...#"],
        'L' => ["#....", "#....", "#....", "#....", "#....", "#....", "#####"],
        'M' => ["#...#", "##.##", "#.#.#", "#.#.#", "#...#", "#...#", "#...#"],
        'N' => ["#...#", "##..#", "#.#.#", "#..##", "#...#", "#...#", "#...#"],
        'P' => ["####.", "#...#", "#...#", "####.", "#....", "#....", "#...."],
        'Q' => [".###.", "#...#", "#...#", "#...#", "#.#.#", "#..#.", ".##.#"],
        'R' => ["####.", "#...#", "#...#", "####.", "#.#..", "#..#.", "#...#"],
        'T' => ["#####", "..#..", "..#..", "..#..", "..#..", "..#..", "..#.."],
        'U' => ["#...#", "#...#", "#...#", "#...#", "#...#", "#...#", ".###."],
        'V' => ["#...#", "#...#", "#...#", "#...#", "#...#", ".#.#.", "..#.."],
        'W' => ["#...#", "#...#", "#...#", "#.#.#", "#.#.#", "##.##", "#...#"],
        'X' => ["#...#", "#...#", ".#.#.", "..#..", ".#.#.", "#...#", "#...#"],
        'Y' => ["#...#", "#...#", ".#.#.", "..#..", "..#..", "..#..", "..#.."],
        '3' => ["####.", "....#", "....#", ".###.", "....#", "....#", "####."],
        '4' => ["...#.", "..##.", ".#.#.", "#..#.", "#####", "...#.", "...#."],
        '6' => [".###.", "#....", "#....", "####.", "#...#", "#...#", ".###."],
        '7' => ["#####", "....#", "...#.", "..#..", ".#...", ".#...", ".#..."],
        '9' => [".###.", "#...#", "#...#", ".####", "....#", "....#", ".###."],
        _ => ["#####", "#...#", "#...#", "#...#", "#...#", "#...#", "#####"],
    }
}

/// A new random code.
pub fn new_code() -> String {
    let alphabet: Vec<char> = ALPHABET.chars().collect();
    let mut rng = rand::thread_rng();
    (0..CODE_LENGTH).map(|_| alphabet[rng.gen_range(0..alphabet.len())]).collect()
}

/// Whether `typed` is `code` (case and surrounding spaces ignored).
pub fn matches(code: &str, typed: &str) -> bool {
    let typed = typed.trim();
    typed.len() == code.len() && typed.eq_ignore_ascii_case(code)
}

/// The picture of `code`, as PNG.
pub fn draw(code: &str) -> Vec<u8> {
    let mut rng = rand::thread_rng();
    let mut picture = RgbImage::from_pixel(WIDTH, HEIGHT, Rgb([244, 244, 238]));
    let put = |picture: &mut RgbImage, x: i32, y: i32, colour: Rgb<u8>| {
        if (0..WIDTH as i32).contains(&x) && (0..HEIGHT as i32).contains(&y) {
            picture.put_pixel(x as u32, y as u32, colour);
        }
    };
    // Noise lines behind the code.
    for _ in 0..5 {
        let (x0, y0) = (rng.gen_range(0..WIDTH as i32), rng.gen_range(0..HEIGHT as i32));
        let (x1, y1) = (rng.gen_range(0..WIDTH as i32), rng.gen_range(0..HEIGHT as i32));
        let shade = Rgb([rng.gen_range(120..200), rng.gen_range(120..200), rng.gen_range(120..200)]);
        let steps = (x1 - x0).abs().max((y1 - y0).abs()).max(1);
        for step in 0..=steps {
            put(&mut picture, x0 + (x1 - x0) * step / steps, y0 + (y1 - y0) * step / steps, shade);
        }
    }
    let cell = WIDTH as i32 / (code.chars().count() as i32 + 1);
    for (i, c) in code.chars().enumerate() {
        let ink = Rgb([rng.gen_range(10..90), rng.gen_range(10..90), rng.gen_range(60..140)]);
        let left = cell / 2 + cell * i as i32 + rng.gen_range(-4..=4);
        let top = (HEIGHT as i32 - 7 * SCALE) / 2 + rng.gen_range(-6..=6);
        let shear = rng.gen_range(-2..=2);
        for (row, bits) in glyph(c).iter().enumerate() {
            for (column, bit) in bits.chars().enumerate() {
                if bit != '#' {
                    continue;
                }
                let x = left + column as i32 * SCALE + shear * (3 - row as i32);
                let y = top + row as i32 * SCALE;
                for dx in 0..SCALE - 1 {
                    for dy in 0..SCALE - 1 {
                        put(&mut picture, x + dx, y + dy, ink);
                    }
                }
            }
        }
    }
    // Dots over it.
    for _ in 0..(WIDTH * HEIGHT / 40) {
        let shade = rng.gen_range(90..220);
        put(&mut picture, rng.gen_range(0..WIDTH as i32), rng.gen_range(0..HEIGHT as i32), Rgb([shade, shade, shade]));
    }
    let mut png = Cursor::new(Vec::new());
    picture.write_to(&mut png, ImageFormat::Png).expect("a PNG of an in-memory picture encodes");
    png.into_inner()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_character_has_its_own_glyph() {
        let glyphs: std::collections::HashSet<[&str; 7]> = ALPHABET.chars().map(glyph).collect();
        assert_eq!(glyphs.len(), ALPHABET.chars().count());
        assert!(ALPHABET.chars().all(|c| glyph(c).iter().all(|row| row.len() == 5)));
    }

    #[test]
    fn codes_are_drawn_as_png_and_typed_back_in_any_case() {
        let code = new_code();
        assert_eq!(code.len(), CODE_LENGTH);
        assert!(code.chars().all(|c| ALPHABET.contains(c)));
        let png = draw(&code);
        let picture = image::load_from_memory_with_format(&png, ImageFormat::Png).unwrap();
        assert_eq!((picture.width(), picture.height()), (WIDTH, HEIGHT));
        assert!(matches(&code, &format!(" {} ", code.to_lowercase())));
        assert!(!matches(&code, &code[1..]));
        assert!(!matches(&code, ""));
    }
}
