#pragma once
// The Okabe–Ito colour-blind-safe palette, with the roles the review uses. Colours that must stay
// readable on a dark background switch to their lighter siblings there.
#include <algorithm>
#include <QColor>
#include <QPalette>

namespace gr::ui::colors {

inline bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Base).lightness() < 128;
}

// Okabe & Ito (2008), "Color Universal Design".
inline const QColor kOrange{0xE6, 0x9F, 0x00};
inline const QColor kSkyBlue{0x56, 0xB4, 0xE9};
inline const QColor kBluishGreen{0x00, 0x9E, 0x73};
inline const QColor kYellow{0xF0, 0xE4, 0x42};
inline const QColor kBlue{0x00, 0x72, 0xB2};
inline const QColor kVermillion{0xD5, 0x5E, 0x00};
inline const QColor kReddishPurple{0xCC, 0x79, 0xA7};

inline QColor champion(const QPalette &p)
{
    return isDark(p) ? kSkyBlue : kBlue;
}
inline QColor candidate(const QPalette &p)
{
    return isDark(p) ? kOrange : kVermillion;
}
// Gains and losses in dollars: blue versus orange, never red versus green.
inline QColor gain(const QPalette &p)
{
    return isDark(p) ? kSkyBlue : kBlue;
}
inline QColor loss(const QPalette &p)
{
    return isDark(p) ? kOrange : kVermillion;
}
inline QColor pass(const QPalette &)
{
    return kBluishGreen;
}
inline QColor fail(const QPalette &)
{
    return kVermillion;
}
inline QColor notRun(const QPalette &p)
{
    return p.color(QPalette::Disabled, QPalette::Text);
}

// One of four related colours around a model's colour `base`, for four series of the same model
// on one plot (precision, recall, F1, net benefit): the hue turns ±30° and the lightness steps,
// so eight lines of two models differ by colour and not only by dash.
inline QColor seriesShade(const QColor &base, int index, const QPalette &p)
{
    constexpr int kHueTurn[4] = {30, -30, 0, 0};
    const bool dark = isDark(p);
    // F1 keeps the model's colour; net benefit is the deep (light: darker, dark: lighter) shade.
    const int lightness[4] = {dark ? 170 : 95, dark ? 150 : 75, base.lightness(), dark ? 200 : 45};
    const int hue = (base.hslHue() + kHueTurn[index] + 360) % 360;
    return index == 2 ? base
                      : QColor::fromHsl(hue, std::max(base.hslSaturation(), 200), lightness[index]);
}

// A translucent tint of `c` for a cell or banner background, readable under the palette's text.
inline QColor tint(const QColor &c, const QPalette &p, double strength = 1.0)
{
    QColor t = c;
    t.setAlphaF(float((isDark(p) ? 0.45 : 0.28) * strength));
    return t;
}

} // namespace gr::ui::colors
