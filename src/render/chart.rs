//! The chart of the report: tasks' states by group, as stacked bars, in a PNG that prints
//! well at about 160 mm wide.
//!
//! The font is compiled in (Liberation Sans, assets/fonts/, SIL OFL) rather than looked
//! up on the system: the PNG then has the same bytes on every machine, and Vietnamese
//! diacritics render wherever the report is written.

use anyhow::Context;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::FontStyle;

/// 1200 × 720 pixels: 160 mm × 96 mm at about 190 dpi.
pub const WIDTH_PX: u32 = 1200;
pub const HEIGHT_PX: u32 = 720;

const FONT_BYTES: &[u8] = include_bytes!("../../assets/fonts/LiberationSans-Regular.ttf");
/// A family name of our own, so that no other registration in the process replaces it.
const FAMILY: &str = "plan-chart-sans";
const LEGEND_HEIGHT: u32 = 130;

fn register_font() -> anyhow::Result<()> {
    static REGISTERED: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    let ok = *REGISTERED.get_or_init(|| plotters::style::register_font(FAMILY, FontStyle::Normal, FONT_BYTES).is_ok());
    anyhow::ensure!(ok, "the chart's font could not be read");
    Ok(())
}

/// A stacked bar chart as PNG bytes: one bar per group (`groups`: its label, e.g. "I",
/// and one count per series), each bar stacked in the order of `series` (a state's label
/// and its colour), with the title above and the legend below. Counts missing from a
/// group are taken as 0. The same input always gives the same bytes.
pub fn stacked_bars(
    title: &str,
    groups: &[(String, Vec<u32>)],
    series: &[(String, (u8, u8, u8))],
) -> anyhow::Result<Vec<u8>> {
    register_font()?;
    let mut pixels = vec![255u8; (WIDTH_PX * HEIGHT_PX * 3) as usize];
    {
        let root = BitMapBackend::with_buffer(&mut pixels, (WIDTH_PX, HEIGHT_PX)).into_drawing_area();
        root.fill(&WHITE).map_err(draw_error)?;
        let (plot_area, legend_area) = root.split_vertically(HEIGHT_PX - LEGEND_HEIGHT);
        draw_bars(&plot_area, title, groups, series)?;
        draw_legend(&legend_area, series)?;
        root.present().map_err(draw_error)?;
    }
    encode_png(&pixels)
}

fn draw_bars<DB: DrawingBackend>(
    area: &DrawingArea<DB, plotters::coord::Shift>,
    title: &str,
    groups: &[(String, Vec<u32>)],
    series: &[(String, (u8, u8, u8))],
) -> anyhow::Result<()> {
    let count = |counts: &[u32], s: usize| counts.get(s).copied().unwrap_or(0);
    let totals: Vec<u32> = groups.iter().map(|(_, c)| (0..series.len()).map(|s| count(c, s)).sum()).collect();
    let highest = totals.iter().copied().max().unwrap_or(0);
    // Room above the tallest bar for its total.
    let top = (highest + highest / 8 + 1).max(5);
    let n = groups.len().max(1) as f64;

    let mut chart = ChartBuilder::on(area)
        .caption(title, (FAMILY, 34).into_font())
        .margin(16)
        .x_label_area_size(80)
        .y_label_area_size(70)
        .build_cartesian_2d(0.0..n, 0u32..top)
        .map_err(draw_error)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(0)
        .light_line_style(WHITE)
        .bold_line_style(RGBColor(220, 220, 220))
        .y_desc("Số nhiệm vụ")
        .x_desc("Nhóm nhiệm vụ")
        .axis_desc_style((FAMILY, 26))
        .label_style((FAMILY, 26))
        .y_label_formatter(&|v| v.to_string())
        .draw()
        .map_err(draw_error)?;

    for (s, (_, (r, g, b))) in series.iter().enumerate() {
        let colour = RGBColor(*r, *g, *b);
        let bars = groups.iter().enumerate().filter(|(_, (_, c))| count(c, s) > 0).map(|(i, (_, c))| {
            let below: u32 = (0..s).map(|k| count(c, k)).sum();
            let x = i as f64;
            Rectangle::new([(x + 0.2, below), (x + 0.8, below + count(c, s))], colour.filled())
        });
        chart.draw_series(bars).map_err(draw_error)?;
    }

    // Under each bar its group; inside each segment its count, when the segment is tall
    // enough to hold the number; above each bar its total.
    let plot = chart.plotting_area();
    let pixel_per_unit = f64::from(plot.dim_in_pixel().1) / f64::from(top);
    let text = |size: u32, colour: &'static RGBColor, v: VPos| {
        TextStyle::from((FAMILY, size).into_font()).color(colour).pos(Pos::new(HPos::Center, v))
    };
    for (i, (label, c)) in groups.iter().enumerate() {
        let x = i as f64 + 0.5;
        let mut below = 0;
        for (s, (_, (r, g, b))) in series.iter().enumerate() {
            let k = count(c, s);
            if k > 0 && f64::from(k) * pixel_per_unit >= 26.0 {
                let light = 0.299 * f64::from(*r) + 0.587 * f64::from(*g) + 0.114 * f64::from(*b) > 150.0;
                let colour = if light { &BLACK } else { &WHITE };
                let rise = (f64::from(k) * pixel_per_unit / 2.0).round() as i32;
                plot.draw(
                    &(EmptyElement::at((x, below))
                        + Text::new(k.to_string(), (0, -rise), text(24, colour, VPos::Center))),
                )
                .map_err(draw_error)?;
            }
            below += k;
        }
        plot.draw(
            &(EmptyElement::at((x, below)) + Text::new(below.to_string(), (0, -6), text(26, &BLACK, VPos::Bottom))),
        )
        .map_err(draw_error)?;
        plot.draw(&(EmptyElement::at((x, 0)) + Text::new(label.clone(), (0, 12), text(28, &BLACK, VPos::Top))))
            .map_err(draw_error)?;
    }
    Ok(())
}

/// The legend under the chart: a square of each colour and its label, flowing onto as
/// many centred lines as the labels need.
fn draw_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, plotters::coord::Shift>,
    series: &[(String, (u8, u8, u8))],
) -> anyhow::Result<()> {
    let font = (FAMILY, 26).into_font();
    let square = 24i32;
    let gap = 12i32;
    let spacing = 36i32;
    let line_height = 38i32;
    let widths: Vec<i32> = series
        .iter()
        .map(|(label, _)| {
            area.estimate_text_size(label, &TextStyle::from(font.clone())).map(|(w, _)| w as i32 + square + gap)
        })
        .collect::<Result<_, _>>()
        .map_err(draw_error)?;
    let (w, h) = area.dim_in_pixel();
    let room = w as i32 - 16;
    let mut lines: Vec<Vec<usize>> = vec![Vec::new()];
    let mut used = 0;
    for (index, width) in widths.iter().enumerate() {
        let line = lines.last_mut().expect("one line at least");
        if !line.is_empty() && used + spacing + width > room {
            lines.push(vec![index]);
            used = *width;
        } else {
            used += if line.is_empty() { *width } else { spacing + width };
            line.push(index);
        }
    }
    let mut y = (h as i32 - line_height * lines.len() as i32) / 2 + (line_height - square) / 2;
    for line in lines {
        let total: i32 = line.iter().map(|&i| widths[i]).sum::<i32>() + spacing * (line.len() as i32 - 1).max(0);
        let mut x = ((w as i32 - total) / 2).max(8);
        for index in line {
            let (label, (r, g, b)) = &series[index];
            area.draw(&Rectangle::new([(x, y), (x + square, y + square)], RGBColor(*r, *g, *b).filled()))
                .map_err(draw_error)?;
            area.draw(&Rectangle::new([(x, y), (x + square, y + square)], BLACK.stroke_width(1)))
                .map_err(draw_error)?;
            let style = TextStyle::from(font.clone()).pos(Pos::new(HPos::Left, VPos::Center));
            area.draw_text(label, &style, (x + square + gap, y + square / 2)).map_err(draw_error)?;
            x += widths[index] + spacing;
        }
        y += line_height;
    }
    Ok(())
}

fn draw_error<E: std::fmt::Debug>(e: E) -> anyhow::Error {
    anyhow::anyhow!("drawing the chart: {e:?}")
}

/// RGB pixels to PNG, with fixed settings so the bytes never vary.
fn encode_png(pixels: &[u8]) -> anyhow::Result<Vec<u8>> {
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, WIDTH_PX, HEIGHT_PX);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_compression(png::Compression::Balanced);
        // 190 dpi, so that an application that honours it shows the chart at 160 mm.
        encoder.set_pixel_dims(Some(png::PixelDimensions { xppu: 7480, yppu: 7480, unit: png::Unit::Meter }));
        let mut writer = encoder.write_header().context("encoding the chart")?;
        writer.write_image_data(pixels).context("encoding the chart")?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<u8> {
        stacked_bars(
            "Tình trạng thực hiện nhiệm vụ theo nhóm",
            &[
                ("I".into(), vec![3, 2, 1, 0, 1]),
                ("II".into(), vec![1, 4, 0, 2]),
                ("III".into(), vec![5, 0, 3, 1, 0]),
                ("VII".into(), vec![0, 0, 0, 0, 0]),
            ],
            &[
                ("Hoàn thành".into(), (46, 125, 50)),
                ("Quá hạn".into(), (198, 40, 40)),
                ("Đang thực hiện, trong hạn".into(), (30, 136, 229)),
                ("Chờ Trung ương".into(), (158, 158, 158)),
                ("Dừng".into(), (255, 213, 79)),
            ],
        )
        .expect("a chart")
    }

    #[test]
    fn the_chart_is_a_png_of_the_announced_size() {
        let png = sample();
        assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
        assert_eq!(&png[12..16], b"IHDR");
        assert_eq!(u32::from_be_bytes(png[16..20].try_into().unwrap()), WIDTH_PX);
        assert_eq!(u32::from_be_bytes(png[20..24].try_into().unwrap()), HEIGHT_PX);
    }

    #[test]
    fn the_same_figures_give_the_same_bytes() {
        assert_eq!(sample(), sample());
    }

    #[test]
    fn no_groups_still_draws() {
        assert!(stacked_bars("Trống", &[], &[("Hoàn thành".into(), (0, 128, 0))]).is_ok());
    }

    /// Writes the sample chart to /tmp/plan-chart-sample.png for a look.
    #[test]
    #[ignore = "writes a file for a manual look"]
    fn write_the_sample() {
        std::fs::write("/tmp/plan-chart-sample.png", sample()).unwrap();
    }
}
