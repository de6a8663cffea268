//! The geometry of the territory's map, drawn in SVG on the server from the commune
//! centroids (no tiles, no script): every commune of the territory as a small grey dot, which
//! draws its shape, and one circle per commune of the table.
//!
//! A circle's area grows with the count it stands for; a hidden count (« < 11 », « masqué »)
//! gets the same small dashed ring whatever its size, so the map never tells more than the
//! table beside it.

use crate::domain::commune::Centroid;
use crate::domain::indicators::Figure;

pub const WIDTH: i32 = 640;
/// The tallest map (a territory longer than wide).
const MAX_HEIGHT: i32 = 640;
/// Room around the dots for the largest circle and the names.
const PAD: i32 = 30;
const LARGEST: f64 = 26.0;
const SMALLEST: f64 = 7.0;
const HIDDEN_RADIUS: i32 = 6;
/// The smallest span drawn, in degrees of latitude (about 11 km): one commune alone is not
/// blown up to the whole frame.
const MIN_SPAN: f64 = 0.1;
/// Names written on the map: the communes with the largest circles, at most this many.
const NAMED: usize = 12;

/// One commune of the table on the map.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    pub name: String,
    pub centroid: Centroid,
    pub people: Figure,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    pub x: i32,
    pub y: i32,
    pub r: i32,
    /// Drawn as a dashed ring: the count is not published.
    pub hidden: bool,
    /// What the circle's own `<title>` says.
    pub title: String,
    pub label: Option<Label>,
}

/// A commune's name beside its circle: on its right, or on its left near the right edge.
#[derive(Debug, Clone, PartialEq)]
pub struct Label {
    pub x: i32,
    pub y: i32,
    pub text: String,
    /// "start" or "end".
    pub anchor: &'static str,
}

/// About the width of a name in the map's 13 px type, to keep it inside the frame.
const CHAR_WIDTH: i32 = 7;

impl Label {
    fn beside(x: i32, y: i32, r: i32, text: &str) -> Label {
        let width = CHAR_WIDTH * text.chars().count() as i32;
        let (x, anchor) = if x + r + 3 + width <= WIDTH {
            (x + r + 3, "start")
        } else {
            (x - r - 3, "end")
        };
        Label {
            x,
            y: y + 4,
            text: text.to_string(),
            anchor,
        }
    }
}

/// Everything the template needs to draw the map.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Map {
    pub width: i32,
    pub height: i32,
    /// The territory's communes as one path of dots (`M x y h0` each, drawn with round caps).
    pub dots: String,
    /// Largest first, so that small circles stay on top and can be pointed at.
    pub marks: Vec<Mark>,
}

/// A plate carrée projection scaled by the cosine of the middle latitude: over a département,
/// distances and shapes are those of a road map to a few per cent.
struct Frame {
    west: f64,
    north: f64,
    cos: f64,
    scale: f64,
    /// Where the drawing starts, so that a territory taller than wide stands in the middle.
    left: i32,
}

impl Frame {
    fn fit(points: &[Centroid]) -> Option<(Frame, i32)> {
        let (mut south, mut north, mut west, mut east) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
        for p in points {
            south = south.min(p.lat);
            north = north.max(p.lat);
            west = west.min(p.lon);
            east = east.max(p.lon);
        }
        if points.is_empty() {
            return None;
        }
        let cos = ((south + north) / 2.0).to_radians().cos().max(0.1);
        let (lat_span, lon_span) = ((north - south).max(MIN_SPAN), (east - west).max(MIN_SPAN / cos));
        // Centre what is narrower than the minimum span.
        let (north, west) = (
            (north + south) / 2.0 + lat_span / 2.0,
            (west + east) / 2.0 - lon_span / 2.0,
        );
        let inner = f64::from(WIDTH - 2 * PAD);
        let scale = (inner / (lon_span * cos)).min(f64::from(MAX_HEIGHT - 2 * PAD) / lat_span);
        let height = (lat_span * scale).round() as i32 + 2 * PAD;
        let left = PAD + ((inner - lon_span * cos * scale) / 2.0).round() as i32;
        Some((
            Frame {
                west,
                north,
                cos,
                scale,
                left,
            },
            height,
        ))
    }

    fn xy(&self, c: Centroid) -> (i32, i32) {
        let x = (c.lon - self.west) * self.cos * self.scale;
        let y = (self.north - c.lat) * self.scale;
        (x.round() as i32 + self.left, y.round() as i32 + PAD)
    }
}

/// « Riom-ès-Montagnes (15) : 12 personnes », « … : moins de 11 personnes », « … : masqué ».
fn title(name: &str, people: Figure) -> String {
    match people {
        Figure::Count(n) => format!("{name} : {n} personnes"),
        Figure::Masked => format!("{name} : nombre masqué (voir le tableau)"),
        _ => format!("{name} : moins de 11 personnes"),
    }
}

/// The map of `territory` (the centroids of its communes) with a circle per place.
pub fn draw(territory: &[Centroid], places: &[Place]) -> Map {
    let all: Vec<Centroid> = territory
        .iter()
        .chain(places.iter().map(|p| &p.centroid))
        .copied()
        .collect();
    let Some((frame, height)) = Frame::fit(&all) else {
        return Map::default();
    };
    let mut dots = String::new();
    for c in territory {
        let (x, y) = frame.xy(*c);
        dots.push_str(&format!("M{x} {y}h0"));
    }
    let largest = places
        .iter()
        .filter_map(|p| match p.people {
            Figure::Count(n) => Some(n),
            _ => None,
        })
        .max()
        .unwrap_or(1);
    let mut marks: Vec<Mark> = places
        .iter()
        .map(|p| {
            let (x, y) = frame.xy(p.centroid);
            let (r, hidden) = match p.people {
                Figure::Count(n) => {
                    let r = LARGEST * (n as f64 / largest as f64).sqrt();
                    (r.max(SMALLEST).round() as i32, false)
                }
                _ => (HIDDEN_RADIUS, true),
            };
            Mark {
                x,
                y,
                r,
                hidden,
                title: title(&p.name, p.people),
                label: Some(Label::beside(x, y, r, &p.name)),
            }
        })
        .collect();
    marks.sort_by(|a, b| b.r.cmp(&a.r).then(a.title.cmp(&b.title)));
    for mark in marks.iter_mut().skip(NAMED) {
        mark.label = None;
    }
    Map {
        width: WIDTH,
        height,
        dots,
        marks,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAURIAC: Centroid = Centroid {
        lat: 45.21864,
        lon: 2.31646,
    };
    const YDES: Centroid = Centroid {
        lat: 45.34324,
        lon: 2.44999,
    };
    const AURILLAC: Centroid = Centroid {
        lat: 44.92439,
        lon: 2.44152,
    };

    fn place(name: &str, centroid: Centroid, people: Figure) -> Place {
        Place {
            name: name.into(),
            centroid,
            people,
        }
    }

    #[test]
    fn north_is_up_and_everything_fits_in_the_frame() {
        let map = draw(
            &[MAURIAC, YDES, AURILLAC],
            &[place("Ydes (15)", YDES, Figure::Count(20))],
        );
        assert_eq!(map.width, WIDTH);
        assert!(map.height <= MAX_HEIGHT);
        assert_eq!(map.dots.matches('M').count(), 3);
        let ydes = &map.marks[0];
        assert_eq!(ydes.y, PAD, "Ydes is the northernmost");
        assert!(ydes.x >= PAD && ydes.x <= WIDTH - PAD);
        let xs: Vec<i32> = [MAURIAC, YDES, AURILLAC]
            .map(|c| Frame::fit(&[MAURIAC, YDES, AURILLAC]).unwrap().0.xy(c).0)
            .to_vec();
        let (west, east) = (*xs.iter().min().unwrap(), *xs.iter().max().unwrap());
        assert!(
            (west - PAD - (WIDTH - PAD - east)).abs() <= 1,
            "taller than wide: in the middle ({xs:?})"
        );
        assert!(map.dots.contains(&format!("{} {}h0", ydes.x, ydes.y)));
        let (_, aurillac_y) = Frame::fit(&[MAURIAC, YDES, AURILLAC]).unwrap().0.xy(AURILLAC);
        assert_eq!(aurillac_y, map.height - PAD, "Aurillac is the southernmost");
    }

    #[test]
    fn circles_grow_with_the_count_and_hidden_counts_all_look_alike() {
        let map = draw(
            &[],
            &[
                place("Mauriac (15)", MAURIAC, Figure::Count(100)),
                place("Aurillac (15)", AURILLAC, Figure::Count(25)),
                place("Ydes (15)", YDES, Figure::Hidden),
            ],
        );
        let r: Vec<(i32, bool)> = map.marks.iter().map(|m| (m.r, m.hidden)).collect();
        assert_eq!(r, [(26, false), (13, false), (HIDDEN_RADIUS, true)], "area by count");
        assert_eq!(map.marks[2].title, "Ydes (15) : moins de 11 personnes");
        let near_the_edge = Label::beside(WIDTH - PAD, 100, 6, "Ydes (15)");
        assert_eq!(
            (near_the_edge.x, near_the_edge.anchor),
            (WIDTH - PAD - 9, "end"),
            "a name stays in the frame"
        );
        let masked = draw(&[], &[place("Ydes (15)", YDES, Figure::Masked)]);
        assert_eq!((masked.marks[0].r, masked.marks[0].hidden), (HIDDEN_RADIUS, true));
    }

    #[test]
    fn one_commune_alone_sits_in_the_middle() {
        let map = draw(&[MAURIAC], &[place("Mauriac (15)", MAURIAC, Figure::Count(12))]);
        let m = &map.marks[0];
        assert_eq!((m.x, m.y), (WIDTH / 2, map.height / 2));
        let label = m.label.as_ref().unwrap();
        assert_eq!((label.x, label.anchor), (m.x + m.r + 3, "start"));
        assert!(map.height > 2 * PAD);
        assert_eq!(draw(&[], &[]), Map::default());
    }
}
