#pragma once
// Light, dark or the system's look. Pages pick their plot colours from the palette and rebuild
// on a palette change, so every theme stays readable.
#include <QString>

namespace gr::ui {

enum class Theme
{
    System,
    Light,
    Dark
};

void applyTheme(Theme theme);
QString themeKey(Theme theme);          // for QSettings
Theme themeFromKey(const QString &key); // unknown keys: System

} // namespace gr::ui
