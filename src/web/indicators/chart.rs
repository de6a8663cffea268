//! The geometry of small server-rendered SVG charts: columns per category (months, bands),
//! lines over months (rates, durations), horizontal bars for named categories (reasons).
//! Hidden figures are simply not drawn, whatever their size; the table beside each chart says
//! "< 11" or "masqué".

pub const WIDTH: i32 = 480;
const HEIGHT: i32 = 240;
const LEFT: i32 = 40;
const RIGHT: i32 = 8;
const TOP: i32 = 28;
/// Room for category names on two lines ("janv." over "2026").
const BOTTOM: i32 = 40;
/// Room for the category names of a horizontal chart.
const ROW_LABELS: i32 = 214;
const ROW_HEIGHT: i32 = 30;

/// One named series of values; `None` is a hidden figure.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub name: String,
    pub values: Vec<Option<f64>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Text {
    pub x: i32,
    pub y: i32,
    pub text: String,
    /// "start", "middle" or "end".
    pub anchor: &'static str,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Rect {
    pub x: i32,
    pub y: i32,
    pub width: i32,
    pub height: i32,
    pub series: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// "x,y x,y …" for a polyline.
    pub points: String,
    pub series: usize,
}

/// A horizontal guide line at a value of the scale.
#[derive(Debug, Clone, PartialEq)]
pub struct Guide {
    pub y: i32,
    pub x1: i32,
    pub x2: i32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Dot {
    pub x: i32,
    pub y: i32,
    pub series: usize,
}

/// Everything a template needs to draw a chart.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Chart {
    pub width: i32,
    pub height: i32,
    pub guides: Vec<Guide>,
    pub texts: Vec<Text>,
    pub rects: Vec<Rect>,
    pub lines: Vec<Line>,
    pub dots: Vec<Dot>,
    /// Legend swatches (coloured like their series), beside the legend `texts`.
    pub swatches: Vec<Rect>,
}

impl Chart {
    /// Nothing to draw: every figure is hidden.
    pub fn is_empty(&self) -> bool {
        self.rects.is_empty() && self.dots.is_empty()
    }
}

/// 1, 2 or 5 times a power of ten, at least `x`.
fn nice(x: f64) -> f64 {
    if x <= 1.0 {
        return 1.0;
    }
    let power = 10f64.powf(x.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|f| f * power)
        .find(|v| *v >= x)
        .unwrap_or(10.0 * power)
}

fn highest(series: &[Series]) -> f64 {
    series
        .iter()
        .flat_map(|s| s.values.iter().flatten())
        .fold(0.0, |a, b| a.max(*b))
}

/// A frame over months or bands: guides with their values, category names (a line break in
/// a name puts the rest under it), the legend.
/// Returns the chart, the x of each category's centre, its width and the y scale.
fn frame(categories: &[String], series: &[Series], top: Option<f64>) -> (Chart, Vec<i32>, i32, impl Fn(f64) -> i32) {
    let step = top.map_or_else(|| nice(highest(series) / 4.0), |top| top / 4.0);
    let top = step * 4.0;
    let (plot_top, plot_bottom) = (TOP, HEIGHT - BOTTOM);
    let y_of = move |v: f64| plot_bottom - ((v / top) * f64::from(plot_bottom - plot_top)).round() as i32;
    let mut chart = Chart {
        width: WIDTH,
        height: HEIGHT,
        ..Default::default()
    };
    for k in 0..=4 {
        let value = step * f64::from(k);
        let y = y_of(value);
        chart.guides.push(Guide {
            y,
            x1: LEFT,
            x2: WIDTH - RIGHT,
        });
        chart.texts.push(Text {
            x: LEFT - 6,
            y: y + 4,
            text: format!("{value}"),
            anchor: "end",
        });
    }
    let n = categories.len().max(1) as i32;
    let slot = (WIDTH - LEFT - RIGHT) / n;
    let centres: Vec<i32> = (0..n).map(|i| LEFT + slot * i + slot / 2).collect();
    let every = if categories.len() > 12 { 2 } else { 1 };
    for (i, (name, x)) in categories.iter().zip(&centres).enumerate() {
        if i % every == 0 {
            for (k, line) in name.lines().enumerate() {
                chart.texts.push(Text {
                    x: *x,
                    y: HEIGHT - BOTTOM + 16 + 14 * k as i32,
                    text: line.to_string(),
                    anchor: "middle",
                });
            }
        }
    }
    if series.len() > 1 {
        let mut x = LEFT;
        for (i, s) in series.iter().enumerate() {
            chart.swatches.push(Rect {
                x,
                y: 6,
                width: 14,
                height: 14,
                series: i,
            });
            chart.texts.push(Text {
                x: x + 20,
                y: 18,
                text: s.name.clone(),
                anchor: "start",
            });
            x += 32 + 7 * s.name.chars().count() as i32;
        }
    }
    (chart, centres, slot, y_of)
}

/// Columns side by side for each category, one per series.
pub fn columns(categories: &[String], series: &[Series]) -> Chart {
    let (mut chart, centres, slot, y_of) = frame(categories, series, None);
    let count = series.len().max(1) as i32;
    let width = (slot * 7 / 10 / count).max(2);
    for (i, centre) in centres.iter().enumerate() {
        let left = centre - width * count / 2;
        for (k, s) in series.iter().enumerate() {
            if let Some(v) = s.values.get(i).copied().flatten() {
                let y = y_of(v);
                chart.rects.push(Rect {
                    x: left + width * k as i32,
                    y,
                    width,
                    height: HEIGHT - BOTTOM - y,
                    series: k,
                });
            }
        }
    }
    chart
}

/// One line per series, broken where a figure is hidden; `top` fixes the scale (100 for
/// percentages).
pub fn lines(categories: &[String], series: &[Series], top: Option<f64>) -> Chart {
    let (mut chart, centres, _, y_of) = frame(categories, series, top);
    for (k, s) in series.iter().enumerate() {
        let mut run: Vec<String> = Vec::new();
        for (x, value) in centres.iter().zip(s.values.iter().chain(std::iter::repeat(&None))) {
            match value {
                Some(v) => {
                    let y = y_of(*v);
                    chart.dots.push(Dot { x: *x, y, series: k });
                    run.push(format!("{x},{y}"));
                }
                None => flush(&mut chart, &mut run, k),
            }
        }
        flush(&mut chart, &mut run, k);
    }
    chart
}

fn flush(chart: &mut Chart, run: &mut Vec<String>, series: usize) {
    if run.len() > 1 {
        chart.lines.push(Line {
            points: run.join(" "),
            series,
        });
    }
    run.clear();
}

/// One horizontal bar per named category, its figure written after it ("< 11" when hidden).
pub fn bars(categories: &[String], values: &[Option<f64>], labels: &[String]) -> Chart {
    let top = nice(values.iter().flatten().fold(0.0, |a: f64, b| a.max(*b)));
    let room = WIDTH - ROW_LABELS - RIGHT - 60;
    let mut chart = Chart {
        width: WIDTH,
        height: ROW_HEIGHT * categories.len() as i32 + 10,
        ..Default::default()
    };
    for (i, name) in categories.iter().enumerate() {
        let y = 5 + ROW_HEIGHT * i as i32;
        chart.texts.push(Text {
            x: ROW_LABELS - 8,
            y: y + 19,
            text: name.clone(),
            anchor: "end",
        });
        let width = values
            .get(i)
            .copied()
            .flatten()
            .map_or(0, |v| ((v / top) * f64::from(room)).round() as i32);
        if width > 0 {
            chart.rects.push(Rect {
                x: ROW_LABELS,
                y: y + 4,
                width,
                height: ROW_HEIGHT - 8,
                series: 0,
            });
        }
        chart.texts.push(Text {
            x: ROW_LABELS + width + 6,
            y: y + 19,
            text: labels.get(i).cloned().unwrap_or_default(),
            anchor: "start",
        });
    }
    chart
}

#[cfg(test)]
mod tests {
    use super::*;

    fn months(n: usize) -> Vec<String> {
        (1..=n).map(|m| format!("m{m}\n2026")).collect()
    }

    #[test]
    fn scales_end_on_a_round_number() {
        assert_eq!(nice(0.0), 1.0);
        assert_eq!(nice(3.0), 5.0);
        assert_eq!(nice(12.0), 20.0);
        assert_eq!(nice(25.0), 50.0);
        assert_eq!(nice(100.0), 100.0);
    }

    #[test]
    fn columns_stand_on_the_axis_and_hidden_figures_are_not_drawn() {
        let series = [
            Series {
                name: "en personne".into(),
                values: vec![Some(20.0), None, Some(40.0)],
            },
            Series {
                name: "par téléphone".into(),
                values: vec![Some(12.0), Some(11.0), None],
            },
        ];
        let chart = columns(&months(3), &series);
        assert_eq!(chart.rects.len(), 4);
        let bottom = HEIGHT - BOTTOM;
        assert!(chart.rects.iter().all(|r| r.y + r.height == bottom && r.width > 0));
        let tallest = chart.rects.iter().map(|r| r.height).max().unwrap();
        assert_eq!(tallest, bottom - TOP, "40 is the top of a 0–40 scale");
        assert_eq!(chart.rects[0].height * 2, tallest, "20 is half of 40");
        assert_eq!(chart.swatches.len(), 2, "two series need a legend");
        assert!(chart.texts.iter().any(|t| t.text == "par téléphone"));
        assert!(
            chart
                .rects
                .iter()
                .all(|r| r.x >= LEFT && r.x + r.width <= WIDTH - RIGHT)
        );
    }

    #[test]
    fn lines_break_where_a_figure_is_hidden() {
        let series = [Series {
            name: "taux".into(),
            values: vec![Some(50.0), Some(100.0), None, Some(0.0)],
        }];
        let chart = lines(&months(4), &series, Some(100.0));
        assert_eq!(chart.lines.len(), 1, "a lone point is a dot, not a line");
        assert_eq!(chart.dots.len(), 3);
        assert_eq!(chart.dots[1].y, TOP, "100 % is the top");
        assert_eq!(chart.dots[2].y, HEIGHT - BOTTOM, "0 % is the axis");
        assert!(chart.texts.iter().any(|t| t.text == "100"));
        assert!(chart.swatches.is_empty());
    }

    #[test]
    fn bars_write_their_figure_even_when_hidden() {
        let chart = bars(
            &["déménagement".into(), "autre".into()],
            &[Some(12.0), None],
            &["12".into(), "< 11".into()],
        );
        assert_eq!(chart.rects.len(), 1);
        assert!(!chart.is_empty());
        assert!(chart.texts.iter().any(|t| t.text == "< 11"));
        assert!(chart.rects[0].x + chart.rects[0].width <= WIDTH - RIGHT);
        assert_eq!(chart.height, 2 * ROW_HEIGHT + 10);
    }

    #[test]
    fn long_periods_name_every_other_month() {
        let chart = columns(&months(24), &[]);
        assert!(chart.is_empty());
        let names = chart.texts.iter().filter(|t| t.anchor == "middle");
        assert_eq!(names.clone().filter(|t| t.text.starts_with('m')).count(), 12);
        assert_eq!(names.filter(|t| t.text == "2026").count(), 12, "each on two lines");
    }
}
