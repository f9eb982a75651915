"""Skinsight's photo analysis written in Python with OpenCV, NumPy and scikit-image, for speed comparisons.

It follows `Skinsight.Vision.SkinAnalyzer` step by step with the same constants, sizes and OpenCV calls. The
steps are decoding with EXIF orientation, the Haar face cascades, the skin masks, the quality gate, shades-of-grey
colour normalisation, CIELAB and ITA, and the nine measures with their heat maps. Per-pixel loops of the C# code
are NumPy array operations here. The steps that differ from the C# code are listed in docs/benchmarks.md.

Run with Debian's packages (`apt-get install -y python3-opencv python3-skimage`) and /usr/bin/python3:

    /usr/bin/python3 bench/python/analyze_pipeline.py PHOTO...        # print one JSON analysis per photo
    /usr/bin/python3 bench/python/analyze_pipeline.py --serve         # timing worker for the analysis bench

In --serve mode each input line is a JSON object {"path": ..., "threads": N}; the worker reads the file, sets
OpenCV's thread count and the analysis' own thread pool to N (the CIELAB conversion beside face detection and the
measures side by side, as SkinAnalyzerOptions.Parallelism), times the analysis (wall and process CPU time, file reading excluded) and writes one JSON
line with the times and the result.
"""
import argparse
import concurrent.futures
import json
import math
import os
import sys
import threading
import time

import cv2
import numpy as np
from skimage import color as skcolor

CASCADE_DIRECTORIES = [
    "/usr/share/opencv4/haarcascades",
    "/usr/share/opencv/haarcascades",
    "/usr/local/share/opencv4/haarcascades",
]

WORKING_SIZE = 1024
DETECTION_SIZE = 320
FACE_PADDING = 0.2
MIN_FACE_FRACTION = 0.2
MIN_FACE_SKIN_SHARE = 0.25
MAX_SKIN_TO_FACE_RATIO = 4
MIN_MEASURED_PIXELS = 500
FACE_WIDTHS_SQUARED = 0.6
MAX_SAMPLES = 40_000
MATCH_DISTANCE_SQUARED = 9.21
MIN_SEED_PIXELS = 400
TURNED_ASYMMETRY = 0.3

MEASURED_REGIONS = ["forehead", "left-cheek", "right-cheek", "nose", "chin"]

# Quality thresholds, the defaults of Skinsight.Vision.Quality.QualityThresholds.
REJECT_SHORT_SIDE, WARN_SHORT_SIDE = 128, 480
WARN_FACE_WIDTH_FRACTION, REJECT_FACE_WIDTH_PIXELS = 0.40, 80
MIN_CLOSEUP_SKIN_SHARE, MIN_CHROMA = 0.35, 3
WARN_DARK_L, REJECT_DARK_L, WARN_DIM_HIGHLIGHT = 45, 32, 125
WARN_BRIGHT_L, REJECT_BRIGHT_L = 82, 90
WARN_CLIPPED, REJECT_CLIPPED = 0.03, 0.15
WARN_SHARPNESS, REJECT_SHARPNESS = 12, 5
WARN_LIGHTING_RANGE = 40


# ---------------------------------------------------------------- rectangles (x, y, width, height)

def intersect(a, b):
    x1, y1 = max(a[0], b[0]), max(a[1], b[1])
    x2, y2 = min(a[0] + a[2], b[0] + b[2]), min(a[1] + a[3], b[1] + b[3])
    if x2 <= x1 or y2 <= y1:
        return (0, 0, 0, 0)
    return (x1, y1, x2 - x1, y2 - y1)


def from_ltrb(left, top, right, bottom):
    return (left, top, right - left, bottom - top)


def crop(image, rect):
    x, y, w, h = rect
    return image[y:y + h, x:x + w]


# ---------------------------------------------------------------- decoding

def decode(photo):
    """Decode photo bytes into the upright working image (BGR), its opaque mask or None, and the size as sent."""
    if not photo:
        raise ValueError("The photo is empty (0 bytes): send a JPEG, PNG or WebP file.")
    buffer = np.frombuffer(photo, np.uint8)
    # IMREAD_COLOR applies the EXIF orientation but drops alpha. IMREAD_UNCHANGED keeps alpha but ignores the
    # orientation, so it is used only for PNG and WebP, and their rare EXIF orientation is not applied.
    has_alpha_format = photo[:4] == b"\x89PNG" or photo[8:12] == b"WEBP"
    image = cv2.imdecode(buffer, cv2.IMREAD_UNCHANGED if has_alpha_format else cv2.IMREAD_COLOR)
    if image is None:
        raise ValueError("The image could not be decoded: export the photo again and send the new file.")

    if image.ndim == 2:
        image = cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
    if image.dtype != np.uint8:
        image = (image / 257).astype(np.uint8)
    height, width = image.shape[:2]
    if max(width, height) > 8 * min(width, height) or min(width, height) < 64:
        raise ValueError(f"The image is {width}x{height} pixels, outside the accepted sizes.")

    longest = max(width, height)
    if longest > WORKING_SIZE:
        factor = WORKING_SIZE / longest
        size = (max(1, round(width * factor)), max(1, round(height * factor)))
        image = cv2.resize(image, size, interpolation=cv2.INTER_AREA)
    opaque = None
    if image.shape[2] == 4:
        alpha = image[:, :, 3:4].astype(np.int32)
        composite = (image[:, :, :3].astype(np.int32) * alpha + 128 * (255 - alpha) + 127) // 255
        opaque = np.where(image[:, :, 3] >= 128, 255, 0).astype(np.uint8)
        image = composite.astype(np.uint8)
    scale = max(image.shape[:2]) / longest
    return np.ascontiguousarray(image), opaque, (width, height), scale


def lab_planes(bgr, lab_library):
    """Return the CIELAB planes (D65, float32) of an 8-bit BGR image."""
    if lab_library == "skimage":
        lab = skcolor.rgb2lab(bgr[:, :, ::-1]).astype(np.float32)
    else:
        lab = cv2.cvtColor(bgr.astype(np.float32) * (1.0 / 255), cv2.COLOR_BGR2Lab)
    return lab[:, :, 0].copy(), lab[:, :, 1].copy(), lab[:, :, 2].copy()


# ---------------------------------------------------------------- faces

class FaceDetector:
    """The Haar cascades of Skinsight.Vision.Faces.FaceDetector, with the same parameters."""

    def __init__(self, directory=None):
        directory = directory or next(
            (d for d in CASCADE_DIRECTORIES if os.path.exists(os.path.join(d, "haarcascade_frontalface_default.xml"))),
            None)
        if directory is None:
            raise FileNotFoundError("OpenCV's Haar cascades were not found: install the Debian package opencv-data.")
        load = lambda name: cv2.CascadeClassifier(os.path.join(directory, name))
        self.default = load("haarcascade_frontalface_default.xml")
        self.alt2 = load("haarcascade_frontalface_alt2.xml")
        self.profile = load("haarcascade_profileface.xml")
        self.eye = load("haarcascade_eye.xml")

    def detect(self, bgr):
        grey = cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY)
        factor = min(1.0, DETECTION_SIZE / max(grey.shape))
        small = cv2.resize(grey, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
        small = cv2.equalizeHist(small)
        pad = round(FACE_PADDING * small.shape[1])
        padded = cv2.copyMakeBorder(small, pad, pad, pad, pad, cv2.BORDER_REPLICATE)
        min_side = max(24, int(MIN_FACE_FRACTION * min(small.shape)))
        min_size = (min_side, min_side)

        def scan(cascade, image, neighbours):
            return largest(cascade.detectMultiScale(image, 1.1, neighbours, cv2.CASCADE_SCALE_IMAGE, min_size))

        view = "frontal"
        found = scan(self.default, padded, 5) or scan(self.alt2, padded, 3)
        if found is None:
            found = scan(self.profile, padded, 5)
            view = "profile-left"
            if found is None:
                mirror = scan(self.profile, cv2.flip(padded, 1), 5)
                if mirror is not None:
                    found = (padded.shape[1] - (mirror[0] + mirror[2]), mirror[1], mirror[2], mirror[3])
                    view = "profile-right"
        if found is None:
            return None
        x, y, w, h = found
        face = intersect(
            (round((x - pad) / factor), round((y - pad) / factor), round(w / factor), round(h / factor)),
            (0, 0, bgr.shape[1], bgr.shape[0]))
        if face[2] < 16 or face[3] < 16:
            return None
        eyes = self.find_eyes(grey, face) if view == "frontal" else []
        return {"face": face, "view": view, "eyes": eyes}

    def find_eyes(self, grey, face):
        fx, fy, fw, fh = face
        upper = intersect((fx, fy + fh // 5, fw, fh * 2 // 5), (0, 0, grey.shape[1], grey.shape[0]))
        if upper[2] < 20 or upper[3] < 10:
            return []
        min_eye = max(8, fw // 9)
        found = self.eye.detectMultiScale(
            crop(grey, upper), 1.1, 4, cv2.CASCADE_SCALE_IMAGE, (min_eye, min_eye), (fw // 3, fw // 3))
        found = [tuple(int(v) for v in e) for e in found]
        middle = fw // 2
        left = largest([e for e in found if e[0] + e[2] // 2 < middle])
        right = largest([e for e in found if e[0] + e[2] // 2 >= middle])
        return [(e[0] + upper[0], e[1] + upper[1], e[2], e[3]) for e in (left, right) if e is not None]


def largest(boxes):
    if len(boxes) == 0:
        return None
    return tuple(int(v) for v in max(boxes, key=lambda b: b[2] * b[3]))


def inner_face(face):
    x, y, w, h = face
    return (x + w // 5, y + h * 2 // 5, w * 3 // 5, h * 2 // 5)


def refine_view(detection, skin):
    if detection["view"] != "frontal":
        return detection["view"]
    x, y, w, h = detection["face"]
    top, bottom = y + int(0.45 * h), y + int(0.8 * h)
    left = region_skin_share(skin, from_ltrb(x, top, x + w // 3, bottom))
    right = region_skin_share(skin, from_ltrb(x + w - w // 3, top, x + w, bottom))
    asymmetry = (right - left) / max(right + left, 1e-6)
    if asymmetry > TURNED_ASYMMETRY:
        return "turned-left"
    if asymmetry < -TURNED_ASYMMETRY:
        return "turned-right"
    return "frontal"


def region_skin_share(skin, rect):
    area = rect[2] * rect[3]
    clipped = intersect(rect, (0, 0, skin.shape[1], skin.shape[0]))
    if area <= 0 or clipped[2] <= 0:
        return 0.0
    return cv2.countNonZero(crop(skin, clipped)) / area


SIDE_SWAP = {"left-cheek": "right-cheek", "right-cheek": "left-cheek",
             "left-under-eye": "right-under-eye", "right-under-eye": "left-under-eye"}


def frontal_fractions(detection):
    eye_y, left_eye_x, right_eye_x, eye_width = 0.38, 0.30, 0.70, 0.22
    eyes = detection["eyes"]
    if len(eyes) == 2:
        bx, by, bw, bh = detection["face"]
        eye_y = sum(e[1] + e[3] / 2.0 - by for e in eyes) / 2 / bh
        left_eye_x = (eyes[0][0] + eyes[0][2] / 2.0 - bx) / bw
        right_eye_x = (eyes[1][0] + eyes[1][2] / 2.0 - bx) / bw
        eye_width = sum(e[2] for e in eyes) / 2 / bw
    under_top, under_bottom, half = eye_y + 0.04, eye_y + 0.11, max(0.07, eye_width * 0.4)
    cheek_top = eye_y + 0.18
    return [
        ("forehead", 0.25, -0.06, 0.75, 0.17),
        ("right-cheek", 0.10, cheek_top, 0.33, 0.76),
        ("left-cheek", 0.67, cheek_top, 0.90, 0.76),
        ("nose", 0.41, 0.42, 0.59, 0.60),
        ("chin", 0.36, 0.90, 0.64, 1.06),
        ("right-under-eye", left_eye_x - half, under_top, left_eye_x + half, under_bottom),
        ("left-under-eye", right_eye_x - half, under_top, right_eye_x + half, under_bottom),
    ]


def mirrored(fractions):
    return [(SIDE_SWAP.get(n, n), 1 - r, t, 1 - l, b) for n, l, t, r, b in fractions]


def derive_regions(detection, view, image_size):
    turned = [("forehead", 0.30, -0.06, 0.80, 0.17), ("nose", 0.26, 0.42, 0.44, 0.60),
              ("left-cheek", 0.58, 0.48, 0.86, 0.72), ("chin", 0.30, 0.90, 0.60, 1.06),
              ("left-under-eye", 0.54, 0.42, 0.76, 0.49)]
    profile = [("forehead", 0.30, 0.00, 0.75, 0.18), ("left-cheek", 0.45, 0.48, 0.78, 0.76),
               ("nose", 0.10, 0.38, 0.32, 0.62), ("chin", 0.22, 0.88, 0.55, 1.04)]
    fractions = {
        "frontal": lambda: frontal_fractions(detection),
        "turned-left": lambda: turned,
        "turned-right": lambda: mirrored(turned),
        "profile-left": lambda: profile,
        "profile-right": lambda: mirrored(profile),
    }[view]()
    bounds = (0, 0, image_size[0], image_size[1])
    x, y, w, h = detection["face"]
    regions = {"face": intersect(detection["face"], bounds)}
    for name, left, top, right, bottom in fractions:
        rect = intersect(from_ltrb(x + round(left * w), y + round(top * h), x + round(right * w),
                                   y + round(bottom * h)), bounds)
        if rect[2] >= 4 and rect[3] >= 4:
            regions[name] = rect
    return regions


# ---------------------------------------------------------------- skin masks

def odd_size(size):
    rounded = round(size)
    return rounded if rounded % 2 == 1 else rounded + 1


def classify_skin(bgr):
    """Classify every pixel with the fixed CbCr box of RuleSkinClassifier (255 = skin)."""
    b, g, r = (bgr[:, :, i].astype(np.float64) for i in range(3))
    y = 0.299 * r + 0.587 * g + 0.114 * b
    cr = (r - y) * 0.713 + 128
    cb = (b - y) * 0.564 + 128
    skin = (y >= 25) & (cr >= 133) & (cr <= 180) & (cb >= 77) & (cb <= 130)
    return np.where(skin, 255, 0).astype(np.uint8)


def adapt_to_person(ycrcb, labelled, seed_region):
    height, width = labelled.shape
    seed = intersect(seed_region or (0, 0, width, height), (0, 0, width, height))
    seed_pixels = crop(ycrcb, seed)[crop(labelled, seed) != 0].astype(np.float64)
    n = len(seed_pixels)
    if n < MIN_SEED_PIXELS:
        return None
    cr, cb = seed_pixels[:, 1], seed_pixels[:, 2]
    mean_cr, mean_cb = cr.mean(), cb.mean()
    var_cr = max((cr * cr).mean() - mean_cr * mean_cr, 2)
    var_cb = max((cb * cb).mean() - mean_cb * mean_cb, 2)
    cov = (cr * cb).mean() - mean_cr * mean_cb
    det = var_cr * var_cb - cov * cov
    if det <= 1e-6:
        return None
    inv_crcr, inv_cbcb, inv_crcb = var_cb / det, var_cr / det, -cov / det
    d_cr = ycrcb[:, :, 1].astype(np.float64) - mean_cr
    d_cb = ycrcb[:, :, 2].astype(np.float64) - mean_cb
    distance = d_cr * d_cr * inv_crcr + d_cb * d_cb * inv_cbcb + 2 * d_cr * d_cb * inv_crcb
    match = (ycrcb[:, :, 0] >= 25) & (distance <= MATCH_DISTANCE_SQUARED)
    return np.where(match, 255, 0).astype(np.uint8)


def remove_speckles(mask, scale):
    size = max(3, odd_size(scale * 0.008))
    disc = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (size, size))
    mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, disc)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    keep = stats[:, cv2.CC_STAT_AREA] >= int(0.005 * mask.size)
    keep[0] = False
    return np.where(keep[labels], 255, 0).astype(np.uint8)


def fill_holes(colour, ycrcb, scale):
    area = colour.copy()
    count, labels, stats, _ = cv2.connectedComponentsWithStats(cv2.bitwise_not(colour), connectivity=4)
    luma = np.ascontiguousarray(ycrcb[:, :, 0])
    skin_luma = cv2.mean(luma, colour)[0] if cv2.countNonZero(colour) > 0 else 128
    sums = np.bincount(labels.ravel(), weights=luma.ravel(), minlength=count)
    left, top = stats[:, cv2.CC_STAT_LEFT], stats[:, cv2.CC_STAT_TOP]
    width, height, pixels = stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT], stats[:, cv2.CC_STAT_AREA]
    touches = (left == 0) | (top == 0) | (left + width == area.shape[1]) | (top + height == area.shape[0])
    mean_luma = sums / np.maximum(pixels, 1)
    bright = mean_luma > skin_luma + 15
    lesion_like = (pixels <= (0.07 * scale) ** 2) & (mean_luma >= 0.7 * skin_luma)
    fill = ~touches & ((pixels <= (0.025 * scale) ** 2) | lesion_like | bright)
    fill[0] = False
    area[fill[labels]] = 255
    return area


def build_skin_masks(bgr, opaque, seed_region, scale):
    labelled = classify_skin(bgr)
    if opaque is not None:
        labelled = cv2.bitwise_and(labelled, opaque)
    ycrcb = cv2.cvtColor(bgr, cv2.COLOR_BGR2YCrCb)
    colour = adapt_to_person(ycrcb, labelled, seed_region)
    if colour is None:
        colour = labelled.copy()
    if opaque is not None:
        colour = cv2.bitwise_and(colour, opaque)
    colour = remove_speckles(colour, scale)
    area = fill_holes(colour, ycrcb, scale)
    return colour, area, cv2.countNonZero(colour) / colour.size


# ---------------------------------------------------------------- filters and masked statistics

def gaussian(values, sigma):
    """Blur with a Gaussian. Wide ones run on a copy downscaled to a deviation of 3 pixels, as in Filters.Gaussian."""
    factor = sigma / 3.0
    if factor < 2:
        return cv2.GaussianBlur(values, (0, 0), sigma, sigmaY=sigma, borderType=cv2.BORDER_REFLECT)
    height, width = values.shape
    small = (max(1, round(width / factor)), max(1, round(height / factor)))
    reduced = cv2.resize(values, small, interpolation=cv2.INTER_AREA)
    reduced_sigma = sigma * small[0] / width
    reduced = cv2.GaussianBlur(reduced, (0, 0), reduced_sigma, sigmaY=reduced_sigma, borderType=cv2.BORDER_REFLECT)
    return cv2.resize(reduced, (width, height), interpolation=cv2.INTER_LINEAR)


def masked_gaussian(values, mask, sigma):
    return masked_gaussians([values], mask, sigma)[0]


def masked_gaussians(planes, mask, sigma):
    """masked_gaussian of each plane, blurring the mask's weight once for all of them, as Filters.MaskedGaussian."""
    weight = mask.astype(np.float32) * (1.0 / 255)
    blurred_weight = gaussian(weight, sigma)
    covered = blurred_weight > 1e-3
    results = []
    for values in planes:
        quotient = cv2.divide(gaussian(cv2.multiply(values, weight), sigma), blurred_weight)
        results.append(np.where(covered, quotient, values))
    return results


def erode(mask, radius):
    size = 2 * max(1, round(radius)) + 1
    return cv2.erode(mask, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (size, size)))


def rect_mask(mask, rect):
    result = np.zeros_like(mask)
    x, y, w, h = intersect(rect, (0, 0, mask.shape[1], mask.shape[0]))
    result[y:y + h, x:x + w] = mask[y:y + h, x:x + w]
    return result


def percentiles(values, mask, *percents):
    """Return percentiles over the mask, sampled on a grid above 40,000 pixels as in MaskedStats.Percentiles."""
    count = cv2.countNonZero(mask)
    step = max(1, int(math.floor(math.sqrt(count / MAX_SAMPLES))))
    selected = values[::step, ::step][mask[::step, ::step] != 0]
    if len(selected) == 0 and count > 0:
        selected = values[mask != 0]
    if len(selected) == 0:
        return [math.nan] * len(percents)
    return list(np.percentile(selected.astype(np.float64), percents))


def median(values, mask):
    return percentiles(values, mask, 50)[0]


class ScoreScale:
    def __init__(self, *anchors):
        self.values = [a[0] for a in anchors]
        self.scores = [a[1] for a in anchors]

    def __getitem__(self, value):
        if math.isnan(value):
            return 0.0
        return float(np.interp(value, self.values, self.scores))


# ---------------------------------------------------------------- quality

def exposure(bgr, lightness, mask):
    count = cv2.countNonZero(mask)
    if count == 0:
        return math.nan, math.nan, math.nan
    _, saturated = cv2.threshold(bgr, 249, 1, cv2.THRESH_BINARY)
    channel_count = cv2.transform(saturated, np.ones((1, 3), np.float32))
    clipped = cv2.bitwise_and(np.where(channel_count >= 2, 255, 0).astype(np.uint8), mask)
    median_l, lit_l = percentiles(lightness, mask, 50, 90)
    return median_l, lit_l, cv2.countNonZero(clipped) / count


def sharpness(bgr, mask, region, scale):
    region = intersect(region, (0, 0, bgr.shape[1], bgr.shape[0]))
    if region[2] < 8 or region[3] < 8:
        return math.nan
    grey = cv2.cvtColor(crop(bgr, region), cv2.COLOR_BGR2GRAY)
    factor = min(1.0, 256 / scale)
    small = cv2.resize(grey, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
    small_mask = cv2.resize(crop(mask, region), (small.shape[1], small.shape[0]), interpolation=cv2.INTER_NEAREST)
    small = cv2.medianBlur(small, 3)
    laplacian = cv2.Laplacian(small, cv2.CV_32F, ksize=1)
    inner = erode(small_mask, 2)
    if cv2.countNonZero(inner) < 2:
        return math.nan
    _, std = cv2.meanStdDev(laplacian, mask=inner)
    mean_grey = max(16, cv2.mean(small, inner)[0])
    return float(std[0, 0]) ** 2 * (128 / mean_grey) ** 2


def lighting_range(lightness, mask, scale):
    if cv2.countNonZero(mask) < 100:
        return math.nan
    smooth = masked_gaussian(lightness, mask, max(2, 0.08 * scale))
    low, high = percentiles(smooth, mask, 5, 95)
    return high - low


def quality_issues(f):
    """Return the issue codes of QualityGate.Evaluate, with a trailing '!' on blocking ones."""
    issues = []
    if f["shortSide"] < REJECT_SHORT_SIDE:
        issues.append("too-small!")
    elif f["shortSide"] < WARN_SHORT_SIDE:
        issues.append("low-resolution")
    if f["hasFace"]:
        if f["faceWidthPixels"] < REJECT_FACE_WIDTH_PIXELS:
            issues.append("face-too-small!")
        elif f["faceWidthFraction"] < WARN_FACE_WIDTH_FRACTION:
            issues.append("face-too-small")

    def check_exposure():
        if f["litL"] < WARN_DARK_L:
            issues.append("too-dark!" if f["litL"] < REJECT_DARK_L else "too-dark")
        elif f["highlight"] < WARN_DIM_HIGHLIGHT:
            issues.append("too-dark")
        elif f["medianL"] > WARN_BRIGHT_L or f["clipped"] > WARN_CLIPPED:
            blocking = f["medianL"] > REJECT_BRIGHT_L or f["clipped"] > REJECT_CLIPPED
            issues.append("too-bright!" if blocking else "too-bright")

    if f["litL"] < REJECT_DARK_L or f["medianL"] > REJECT_BRIGHT_L or f["clipped"] > REJECT_CLIPPED:
        check_exposure()
    elif f["meanChroma"] < MIN_CHROMA:
        issues.append("no-colour!")
    elif not f["hasFace"] and f["skinShare"] < MIN_CLOSEUP_SKIN_SHARE:
        issues.append("no-face!")
    if not any(i.endswith("!") for i in issues):
        check_exposure()
        if not math.isnan(f["sharpness"]) and f["sharpness"] < WARN_SHARPNESS:
            issues.append("blurred!" if f["sharpness"] < REJECT_SHARPNESS else "blurred")
        if not math.isnan(f["lightingRange"]) and f["lightingRange"] > WARN_LIGHTING_RANGE:
            issues.append("uneven-lighting")
    return issues


# ---------------------------------------------------------------- colour normalisation and tone

def white_balance(bgr, skin):
    pixels = bgr.reshape(-1, 3)
    brightest = pixels.max(axis=1)
    usable = (skin.ravel() == 0) & (brightest >= 30) & (brightest <= 245)
    count = int(usable.sum())
    if count < 0.10 * skin.size:
        return bgr.copy()
    estimate = (pixels[usable].astype(np.float64) ** 6).mean(axis=0) ** (1 / 6)
    gains = np.clip(estimate.mean() / estimate, 1 / 1.2, 1.2)
    return cv2.multiply(bgr, (float(gains[0]), float(gains[1]), float(gains[2]), 0.0))


def skin_tone(lab, colour):
    lightness, a, b = lab
    if cv2.countNonZero(colour) < 50:
        return None
    low, high = percentiles(lightness, colour, 10, 90)
    mask = cv2.bitwise_and(np.where((lightness >= low) & (lightness <= high), 255, 0).astype(np.uint8), colour)
    if cv2.countNonZero(mask) < 20:
        mask = colour
    mean_l, mean_a, mean_b = (cv2.mean(plane, mask)[0] for plane in lab)
    ita = math.degrees(math.atan2(mean_l - 50, mean_b))
    category = next(c for c, lower in [("very-light", 55), ("light", 41), ("intermediate", 28), ("tan", 10),
                                       ("brown", -30), ("dark", -math.inf)] if ita > lower or c == "dark")
    return {"l": round(mean_l, 2), "a": round(mean_a, 2), "b": round(mean_b, 2), "ita": round(ita, 1),
            "category": category}


# ---------------------------------------------------------------- measures

class Context:
    """The inputs of every measure, as MeasureContext stores them."""

    def __init__(self, lab, skin_area, area, colour, regions, scale):
        self.lab, self.skin_area, self.area, self.colour = lab, skin_area, area, colour
        self.regions, self.scale = regions, scale
        self.inner = cv2.bitwise_and(area, erode(skin_area, max(1, 0.01 * scale)))
        self.inner_pixels = cv2.countNonZero(self.inner)
        self.core = cv2.bitwise_and(area, erode(skin_area, max(1, 0.025 * scale)))
        self.median_l = percentiles(lab[0], colour, 50)[0]
        self.reference_a, self.median_a = percentiles(lab[1], colour, 30, 50)
        self.median_b = percentiles(lab[2], colour, 50)[0]
        self._region_masks = {}
        self._skin_levels = {}
        self._lock = threading.Lock()

    def region_mask(self, name):
        with self._lock:
            if name not in self._region_masks:
                rect = self.regions.get(name)
                self._region_masks[name] = None if rect is None else rect_mask(self.inner, rect)
            return self._region_masks[name]

    def skin_level(self, plane, sigma):
        """Return the local skin level of lab[plane], as MeasureContext.SkinLevel does.

        L* and a* are computed together, once per deviation. A measure that requests a level while another
        measure computes it waits for that result."""
        with self._lock:
            if (plane, sigma) not in self._skin_levels:
                planes = [0, 1] if plane in (0, 1) else [plane]
                levels = masked_gaussians([self.lab[p] for p in planes], self.skin_area, sigma)
                for p, level in zip(planes, levels):
                    self._skin_levels[(p, sigma)] = level
            return self._skin_levels[(plane, sigma)]

    def score_regions(self, score):
        scores = {}
        for name in MEASURED_REGIONS:
            mask = self.region_mask(name)
            if mask is not None and cv2.countNonZero(mask) >= 50:
                scores[name] = round(score(mask), 1)
        return scores


def find_blobs(candidates, contrast, min_diameter, max_diameter):
    """Return the compact blobs of a candidate mask, as BlobFinder.Find: (x, y, radius, area, contrast) each."""
    count, labels, stats, centroids = cv2.connectedComponentsWithStats(candidates, connectivity=8)
    sums = np.bincount(labels.ravel(), weights=contrast.ravel(), minlength=count)
    min_diameter = max(min_diameter, 3)
    area = stats[1:, cv2.CC_STAT_AREA].astype(np.float64)
    width, height = stats[1:, cv2.CC_STAT_WIDTH], stats[1:, cv2.CC_STAT_HEIGHT]
    aspect = np.maximum(width, height) / np.minimum(width, height)
    fill = area / (width * height)
    keep = ((area >= math.pi * min_diameter ** 2 / 4) & (area <= math.pi * max_diameter ** 2 / 4)
            & (aspect <= 2.5) & (fill >= 0.4))
    index = np.nonzero(keep)[0] + 1
    return [(centroids[i, 0], centroids[i, 1], math.sqrt(stats[i, cv2.CC_STAT_AREA] / math.pi),
             int(stats[i, cv2.CC_STAT_AREA]), sums[i] / stats[i, cv2.CC_STAT_AREA]) for i in index]


def blobs_inside(blobs, mask):
    return [b for b in blobs if mask[int(b[1]), int(b[0])] != 0]


def per_face(count, pixels, scale):
    return 0 if pixels == 0 else count * max(1, FACE_WIDTHS_SQUARED * scale * scale / pixels)


def share_of(marks, mask):
    pixels = cv2.countNonZero(mask)
    return 0.0 if pixels == 0 else 100.0 * cv2.countNonZero(cv2.bitwise_and(marks, mask)) / pixels


def compare(values, threshold, op):
    return cv2.compare(values, float(threshold), op)


REDNESS = ScoreScale((0.5, 0), (2, 25), (4, 60), (7, 100))


def redness(c):
    excess = gaussian(c.lab[1] - np.float32(c.reference_a), max(0.8, 0.004 * c.scale))
    positive = np.maximum(excess, 0)
    red = cv2.bitwise_and(compare(excess, 8, cv2.CMP_GT), c.inner)
    mean_excess = lambda m: 0.0 if cv2.countNonZero(m) == 0 else cv2.mean(positive, m)[0]
    np.minimum(positive * (1.0 / 15), 1.0)  # the overlay's heat map, which the C# measure also computes
    details = {"meanExcessA": mean_excess(c.inner),
               "redAreaPercent": 100.0 * cv2.countNonZero(red) / max(1, c.inner_pixels)}
    return REDNESS[mean_excess(c.inner)], c.score_regions(lambda m: REDNESS[mean_excess(m)]), details


SPOTS_AREA = ScoreScale((0, 0), (1, 30), (3, 60), (8, 100))
SPOTS_COUNT = ScoreScale((0, 0), (10, 30), (30, 60), (80, 100))


def spots(c):
    sigma = max(2, 0.03 * c.scale)
    delta_l = c.lab[0] - c.skin_level(0, sigma)
    delta_a = c.lab[1] - c.skin_level(1, sigma)
    smooth_l = gaussian(delta_l, max(0.7, 0.003 * c.scale))
    dark = cv2.bitwise_and(compare(smooth_l, -8, cv2.CMP_LT), compare(delta_a, 5, cv2.CMP_LT))
    dark = cv2.bitwise_and(dark, c.core)
    blobs = find_blobs(dark, smooth_l, 0.008 * c.scale, 0.08 * c.scale)

    def score(found, pixels):
        if pixels == 0:
            return 0.0
        area_percent = 100 * sum(b[3] for b in found) / pixels
        return max(SPOTS_AREA[area_percent], SPOTS_COUNT[per_face(len(found), pixels, c.scale)])

    return (score(blobs, c.inner_pixels),
            c.score_regions(lambda m: score(blobs_inside(blobs, m), cv2.countNonZero(m))),
            {"count": len(blobs)})


SHINE = ScoreScale((0, 0), (1, 20), (4, 60), (10, 100))


def shine(c):
    median_chroma = math.hypot(c.median_a, c.median_b)
    chroma = cv2.magnitude(c.lab[1], c.lab[2])
    above = c.lab[0] - c.skin_level(0, max(2, 0.03 * c.scale))
    highlights = cv2.bitwise_and(compare(c.lab[0], max(c.median_l + 12, 45), cv2.CMP_GT),
                                 compare(above, 6, cv2.CMP_GT))
    highlights = cv2.bitwise_and(highlights, compare(chroma, 0.7 * median_chroma, cv2.CMP_LT))
    highlights = cv2.bitwise_and(highlights, c.area)
    share = share_of(highlights, c.inner)
    return SHINE[share], c.score_regions(lambda m: SHINE[share_of(highlights, m)]), {"highlightPercent": share}


TEXTURE = ScoreScale((0.4, 0), (1.0, 30), (2.0, 70), (3.5, 100))


def texture(c):
    fine = masked_gaussian(c.lab[0], c.skin_area, max(0.5, 0.004 * c.scale))
    coarse = masked_gaussian(c.lab[0], c.skin_area, max(1.5, 0.02 * c.scale))
    band = fine - coarse
    magnitude = np.abs(band)
    energy = lambda m: math.nan if cv2.countNonZero(m) == 0 else 1.4826 * median(magnitude, m)
    # The overlay's heat map, which the C# measure computes whether or not overlays are written.
    np.minimum(np.sqrt(gaussian(band * band, max(2, 0.02 * c.scale))) * (1.0 / 5), 1.0)
    value = energy(c.inner)
    return TEXTURE[value], c.score_regions(lambda m: TEXTURE[energy(m)]), {"robustStdL": value}


ACNE = ScoreScale((0, 0), (5, 25), (20, 55), (50, 85), (100, 100))


def acne(c):
    delta_a = c.lab[1] - c.skin_level(1, max(2, 0.03 * c.scale))
    smooth_a = gaussian(delta_a, max(0.7, 0.003 * c.scale))
    red = cv2.bitwise_and(compare(smooth_a, 6, cv2.CMP_GT), c.core)
    blobs = find_blobs(red, smooth_a, 0.008 * c.scale, 0.06 * c.scale)
    score = ACNE[per_face(len(blobs), c.inner_pixels, c.scale)]
    regions = c.score_regions(
        lambda m: ACNE[per_face(len(blobs_inside(blobs, m)), cv2.countNonZero(m), c.scale)])
    return score, regions, {"count": len(blobs)}


WRINKLES = ScoreScale((0, 0), (2, 25), (6, 60), (12, 100))


def wrinkles(c):
    sigma = max(1, 0.005 * c.scale)
    smooth = gaussian(c.lab[0], sigma)
    xx = cv2.Sobel(smooth, cv2.CV_32F, 2, 0, ksize=3)
    yy = cv2.Sobel(smooth, cv2.CV_32F, 0, 2, ksize=3)
    xy = cv2.Sobel(smooth, cv2.CV_32F, 1, 1, ksize=3)
    half = (xx + yy) / 2
    root = np.sqrt(((xx - yy) / 2) ** 2 + xy * xy)
    across, along = half + root, half - root
    depth = np.where((across > 0) & (np.abs(along) < 0.5 * across), across * np.float32(sigma * sigma), 0)
    lines = cv2.bitwise_and(compare(depth.astype(np.float32), 5, cv2.CMP_GT), c.core)

    count, labels, stats, _ = cv2.connectedComponentsWithStats(lines, connectivity=8)
    width, height, area = stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT], stats[:, cv2.CC_STAT_AREA]
    length = np.maximum(width, height)
    elongated = (length >= 3.0 * np.minimum(width, height)) | (area < 0.4 * width * height)
    keep = (length >= 0.06 * c.scale) & elongated
    keep[0] = False
    lines = np.where(keep[labels], 255, 0).astype(np.uint8)
    share = share_of(lines, c.inner)
    return WRINKLES[share], c.score_regions(lambda m: WRINKLES[share_of(lines, m)]), {"linePercent": share}


PORES = ScoreScale((0, 0), (0.03, 30), (0.1, 70), (0.2, 100))
PORES_MIN_SCALE = 900  # face widths below this, in analysed pixels, leave pores unmeasured, as in PoresMeasure.MinScale


def pores(c):
    if c.scale < PORES_MIN_SCALE:
        return None
    delta = gaussian(c.lab[0], 0.6) - gaussian(c.lab[0], max(1.5, 0.006 * c.scale))
    dark = cv2.bitwise_and(compare(delta, -6, cv2.CMP_LT), c.core)
    blobs = find_blobs(dark, delta, max(1, 0.001 * c.scale), max(3, 0.006 * c.scale))
    cell = (0.01 * c.scale) ** 2
    density = lambda found, pixels: 0 if pixels == 0 else len(found) * cell / pixels
    return (PORES[density(blobs, c.inner_pixels)],
            c.score_regions(lambda m: PORES[density(blobs_inside(blobs, m), cv2.countNonZero(m))]),
            {"count": len(blobs)})


DARK_CIRCLES = ScoreScale((2, 0), (6, 30), (12, 70), (20, 100))


def dark_circles(c):
    regions, deltas = {}, []
    for under_eye in ("left-under-eye", "right-under-eye"):
        under_mask = c.region_mask(under_eye)
        if under_mask is None or cv2.countNonZero(under_mask) < 30:
            continue
        # The band of the same size a third of its height below the region, cut from all of the skin.
        x, y, w, h = c.regions[under_eye]
        reference_mask = rect_mask(c.skin_area, (x, y + h + h // 3, w, h))
        if cv2.countNonZero(reference_mask) < 30:
            continue
        delta = median(c.lab[0], reference_mask) - median(c.lab[0], under_mask)
        deltas.append(delta)
        regions[under_eye] = round(DARK_CIRCLES[delta], 1)
    if not deltas:
        return None
    mean = sum(deltas) / len(deltas)
    return DARK_CIRCLES[mean], regions, {"deltaL": mean}


EVENNESS = ScoreScale((1.5, 100), (3, 70), (5, 35), (8, 0))
EVENNESS_WEIGHTS = [0.5, 1, 1]


def evenness(c):
    fine = masked_gaussians(c.lab, c.skin_area, max(1, 0.01 * c.scale))
    coarse = masked_gaussians(c.lab, c.skin_area, max(4, 0.08 * c.scale))
    bands = [f - g for f, g in zip(fine, coarse)]

    def spread(mask):
        deviations = []
        for weight, band in zip(EVENNESS_WEIGHTS, bands):
            q1, q3 = percentiles(band, mask, 25, 75)
            deviations.append(weight * (q3 - q1) / 1.349)
        return math.sqrt(sum(d * d for d in deviations))

    # The overlay's heat map, which the C# measure computes whether or not overlays are written.
    heat = cv2.magnitude(cv2.magnitude(bands[1], bands[2]), bands[0] * np.float32(0.5))
    np.minimum(heat * (1.0 / 8), 1.0)
    score = lambda value: 100.0 if math.isnan(value) else EVENNESS[value]
    value = spread(c.inner)
    return score(value), c.score_regions(lambda m: score(spread(m))), {"spreadDeltaE": value}


MEASURES = [("redness", redness), ("spots", spots), ("shine", shine), ("texture", texture), ("acne", acne),
            ("wrinkles", wrinkles), ("pores", pores), ("darkCircles", dark_circles), ("evenness", evenness)]


# ---------------------------------------------------------------- the whole analysis

# The measures in the order parallel analyses start them, slowest first, as SkinAnalyzer schedules them.
SLOWEST_FIRST = ["evenness", "spots", "texture", "wrinkles", "pores", "acne", "redness", "shine", "darkCircles"]


class Analyzer:
    def __init__(self, lab_library="opencv"):
        self.faces = FaceDetector()
        self.lab_library = lab_library
        self.workers = 1
        self._pools = {}

    def pool(self):
        """Return a pool of self.workers threads, or None for one thread, as SkinAnalyzerOptions.Parallelism sets."""
        if self.workers <= 1:
            return None
        if self.workers not in self._pools:
            self._pools[self.workers] = concurrent.futures.ThreadPoolExecutor(max_workers=self.workers)
        return self._pools[self.workers]

    def analyze(self, photo):
        bgr, opaque, (sent_width, sent_height), decode_scale = decode(photo)
        height, width = bgr.shape[:2]
        pool = self.pool()
        # The CIELAB planes of the photo do not depend on the face, so they are converted while the cascades run.
        raw_lab_future = pool.submit(lab_planes, bgr, self.lab_library) if pool else None
        detection = self.faces.detect(bgr)
        provisional = detection["face"][2] if detection else 0.8 * min(width, height)
        colour, area, skin_share = build_skin_masks(
            bgr, opaque, inner_face(detection["face"]) if detection else None, provisional)
        if detection and not self.plausible(detection, colour, area):
            detection = None

        mode, scale, regions, measured = self.frame(detection, colour, area, (width, height))
        raw_lab = raw_lab_future.result() if raw_lab_future else lab_planes(bgr, self.lab_library)
        median_l, lit_l, clipped = exposure(bgr, raw_lab[0], measured)
        if detection:
            sharp = sharpness(bgr, np.full((height, width), 255, np.uint8), detection["face"], scale)
        else:
            sharp = sharpness(bgr, area, regions["skin"], scale)
        grey = cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY).astype(np.float32)
        features = {
            "shortSide": min(sent_width, sent_height),
            "hasFace": detection is not None,
            "faceWidthFraction": detection["face"][2] / width if detection else 0,
            "faceWidthPixels": detection["face"][2] / decode_scale if detection else 0,
            "skinShare": skin_share,
            "meanChroma": cv2.mean(cv2.magnitude(raw_lab[1], raw_lab[2]))[0],
            "medianL": median_l, "litL": lit_l, "clipped": clipped,
            "highlight": percentiles(grey, np.full(grey.shape, 255, np.uint8), 99)[0],
            "sharpness": sharp,
            "lightingRange": lighting_range(raw_lab[0], measured, scale),
        }
        issues = quality_issues(features)
        accepted = not any(i.endswith("!") for i in issues)
        result = {"mode": mode if accepted else "rejected", "accepted": accepted, "issues": issues, "metrics": {}}
        if accepted:
            self.measure(result, bgr, colour, area, detection, regions, measured, scale)
        return result

    @staticmethod
    def plausible(detection, colour, area):
        x, y, w, h = detection["face"]
        return (region_skin_share_clipped(colour, inner_face(detection["face"])) >= MIN_FACE_SKIN_SHARE
                and cv2.countNonZero(area) <= MAX_SKIN_TO_FACE_RATIO * w * h)

    @staticmethod
    def frame(detection, colour, area, image_size):
        if detection:
            regions = derive_regions(detection, refine_view(detection, colour), image_size)
            in_regions = np.zeros_like(area)
            for name, (x, y, w, h) in regions.items():
                if name != "face":
                    in_regions[y:y + h, x:x + w] = 255
            measured = cv2.bitwise_and(in_regions, area)
            if cv2.countNonZero(measured) >= MIN_MEASURED_PIXELS:
                return "face", detection["face"][2], regions, measured
        scale = math.sqrt(max(1, cv2.countNonZero(area)) / FACE_WIDTHS_SQUARED)
        return "closeup", scale, {"skin": cv2.boundingRect(area)}, area.copy()

    def measure(self, result, bgr, colour, area, detection, regions, measured, scale):
        background = area.copy()
        if detection:
            x, y, w, h = detection["face"]
            background[y:y + h, x:x + w] = 255
        lab = lab_planes(white_balance(bgr, background), self.lab_library)
        skin_colour = cv2.bitwise_and(colour, measured)
        context = Context(lab, area, measured, skin_colour, {k: v for k, v in regions.items()}, scale)
        pool = self.pool()
        if pool:
            functions = dict(MEASURES)
            futures = {name: pool.submit(functions[name], context) for name in SLOWEST_FIRST}
            outcomes = {name: future.result() for name, future in futures.items()}
        else:
            outcomes = {name: measure(context) for name, measure in MEASURES}
        for name, _ in MEASURES:
            outcome = outcomes[name]
            if outcome is None:
                continue
            score, region_scores, details = outcome
            result["metrics"][name] = {"score": round(score, 1) if math.isfinite(score) else 0,
                                       "regions": region_scores}
        exposure_issue = any(i.rstrip("!") in ("too-dark", "too-bright") for i in result["issues"])
        result["skinTone"] = None if exposure_issue else skin_tone(lab, skin_colour)


def region_skin_share_clipped(mask, rect):
    clipped = intersect(rect, (0, 0, mask.shape[1], mask.shape[0]))
    if clipped[2] <= 0:
        return 0.0
    return cv2.countNonZero(crop(mask, clipped)) / (clipped[2] * clipped[3])


def serve(analyzer):
    """Time one analysis per input line and write one JSON line per result."""
    for line in sys.stdin:
        request = json.loads(line)
        with open(request["path"], "rb") as file:
            photo = file.read()
        cv2.setNumThreads(int(request["threads"]))
        analyzer.workers = int(request["threads"])
        cpu_before, wall_before = time.process_time(), time.perf_counter()
        try:
            result = analyzer.analyze(photo)
        except ValueError as error:
            result = {"mode": "invalid", "accepted": False, "issues": [str(error)], "metrics": {}}
        wall = (time.perf_counter() - wall_before) * 1000
        cpu = (time.process_time() - cpu_before) * 1000
        print(json.dumps({"ms": wall, "cpuMs": cpu, **result}), flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("photos", nargs="*", help="photo files to analyse")
    parser.add_argument("--serve", action="store_true", help="read JSON requests from stdin (bench worker)")
    parser.add_argument("--lab", choices=["opencv", "skimage"], default="opencv",
                        help="library that converts to CIELAB: OpenCV (as the C# code) or scikit-image")
    args = parser.parse_args()
    analyzer = Analyzer(args.lab)
    if args.serve:
        serve(analyzer)
        return 0
    if not args.photos:
        parser.error("give at least one photo, or --serve")
    for path in args.photos:
        with open(path, "rb") as file:
            print(json.dumps({"file": path, **analyzer.analyze(file.read())}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
