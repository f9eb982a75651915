using Microsoft.Playwright;

namespace Skinsight.Browser.Tests;

/// <summary>Accessibility checks run inside the page: labels, text contrast, width and visible focus.</summary>
internal static class PageChecks
{
    /// <summary>Returns a line for each input, select or text area that has no label, aria-label or aria-labelledby.</summary>
    public static async Task<IReadOnlyList<string>> UnlabelledInputsAsync(IPage page) =>
        await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll("input, select, textarea")]
              .filter((e) => e.type !== "hidden")
              .filter((e) => e.labels.length === 0 && !e.getAttribute("aria-label") && !e.getAttribute("aria-labelledby"))
              .map((e) => `${e.tagName.toLowerCase()}#${e.id || "?"} name=${e.name || "?"}`)
            """);

    /// <summary>
    /// Returns a line for each visible element whose own text has a WCAG 2.x contrast ratio below 4.5:1 against
    /// the first opaque background behind it (3:1 for large text: 24 px, or 18.66 px bold). Background images
    /// are ignored.
    /// </summary>
    public static async Task<IReadOnlyList<string>> LowContrastTextAsync(IPage page) =>
        await page.EvaluateAsync<string[]>("""
            () => {
              const rgba = (text) => (text.match(/[\d.]+/g) || []).map(Number);
              const luminance = ([r, g, b]) => {
                const channel = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
                return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
              };
              const background = (node) => {
                for (let e = node; e; e = e.parentElement) {
                  const c = rgba(getComputedStyle(e).backgroundColor);
                  if (c.length === 4 ? c[3] > 0.99 : c.length === 3) return c.slice(0, 3);
                }
                return [255, 255, 255];
              };
              const failures = [];
              for (const e of document.querySelectorAll("body *")) {
                const ownText = [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim() !== "");
                if (!ownText || e.getClientRects().length === 0) continue;
                const style = getComputedStyle(e);
                if (style.visibility === "hidden" || Number(style.opacity) === 0) continue;
                const fg = luminance(rgba(style.color)), bg = luminance(background(e));
                const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
                const size = parseFloat(style.fontSize), bold = Number(style.fontWeight) >= 700;
                const needed = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
                if (ratio >= needed) continue;
                failures.push(`${e.tagName.toLowerCase()}#${e.id} ${ratio.toFixed(2)}:1 "${e.textContent.trim().slice(0, 40)}"`);
              }
              return failures;
            }
            """);

    /// <summary>Returns how many CSS pixels the page is wider than the viewport, or 0 when nothing scrolls sideways.</summary>
    public static Task<int> HorizontalOverflowAsync(IPage page) =>
        page.EvaluateAsync<int>("() => Math.max(0, document.documentElement.scrollWidth - window.innerWidth)");

    /// <summary>Returns the focused element's id or class and its outline width in CSS pixels.</summary>
    public static async Task<(string Element, double OutlineWidth)> FocusAsync(IPage page)
    {
        var focus = await page.EvaluateAsync<string[]>("""
            () => {
              const e = document.activeElement;
              const style = getComputedStyle(e);
              return [e.id || e.className || e.tagName, style.outlineStyle === "none" ? "0" : style.outlineWidth];
            }
            """);
        string width = focus[1].Replace("px", "", StringComparison.Ordinal);
        return (focus[0], double.Parse(width, System.Globalization.CultureInfo.InvariantCulture));
    }
}
