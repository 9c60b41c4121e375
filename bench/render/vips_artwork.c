/*
 * Peer 2: libvips in process. The background is decoded once and kept in memory with the crest and the
 * team name composed onto it (the same caching the Java renderer does); each artwork then renders the
 * fan's name with vips_text (Pango; shrunk to fit the box), blends it in and encodes a JPEG (Q 86).
 * Single-threaded (vips concurrency 1) to compare per core.
 * Usage: vips_artwork BG CREST FONTFILE FAMILY W H CX CY CS NX NY NW NH TX TY TW TH TS NS COUNT NAME...
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <vips/vips.h>

static void die(const char *what) {
  fprintf(stderr, "%s: %s\n", what, vips_error_buffer());
  exit(1);
}

/* Renders text at `size` px (Pango at 72 dpi: points = pixels) as a one-band mask. */
static VipsImage *text_mask(const char *text, const char *fontfile, const char *family, double size) {
  static int font_added = 0;   /* register the font file with fontconfig once */
  char font[256];
  VipsImage *mask;
  snprintf(font, sizeof font, "%s %.1f", family, size);
  int failed = font_added
      ? vips_text(&mask, text, "font", font, "dpi", 72, "align", VIPS_ALIGN_CENTRE, NULL)
      : vips_text(&mask, text, "font", font, "fontfile", fontfile, "dpi", 72, "align", VIPS_ALIGN_CENTRE, NULL);
  if (failed) die("vips_text");
  font_added = 1;
  return mask;
}

/* Blends white text, shrunk from max_size until it fits the box, centred in the box onto base. */
static VipsImage *draw_text(VipsImage *base, const char *text, const char *fontfile, const char *family,
                            int bx, int by, int bw, int bh, double max_size, double alpha) {
  VipsImage *mask, *area, *ink, *blended, *out, *scaled;
  double size = max_size;
  mask = text_mask(text, fontfile, family, size);
  if (mask->Xsize > bw || mask->Ysize > bh) {   /* shrink to fit, like the Java renderer's first step */
    double fx = (double) bw / mask->Xsize, fy = (double) bh / mask->Ysize;
    size = size * (fx < fy ? fx : fy) * 0.98;
    g_object_unref(mask);
    mask = text_mask(text, fontfile, family, size);
  }
  if (vips_linear1(mask, &scaled, alpha, 0.0, "uchar", TRUE, NULL)) die("vips_linear1");
  int w = scaled->Xsize < bw ? scaled->Xsize : bw, h = scaled->Ysize < bh ? scaled->Ysize : bh;
  int x = bx + (bw - w) / 2, y = by + (bh - h) / 2;
  VipsImage *clipped;
  if (vips_extract_area(scaled, &clipped, 0, 0, w, h, NULL)) die("clip");
  if (vips_extract_area(base, &area, x, y, w, h, NULL)) die("extract");
  double white[3] = {255, 255, 255};
  ink = vips_image_new_from_image(area, white, 3);
  if (vips_ifthenelse(clipped, ink, area, &blended, "blend", TRUE, NULL)) die("ifthenelse");
  if (vips_insert(base, blended, &out, x, y, NULL)) die("insert");
  g_object_unref(mask); g_object_unref(scaled); g_object_unref(clipped); g_object_unref(area);
  g_object_unref(ink); g_object_unref(blended);
  return out;
}

int main(int argc, char **argv) {
  if (VIPS_INIT(argv[0])) die("init");
  if (argc < 22) { fprintf(stderr, "usage: see source\n"); return 2; }
  vips_concurrency_set(1);
  vips_cache_set_max(0);
  int a[15];
  for (int i = 0; i < 15; i++) a[i] = atoi(argv[5 + i]);
  int count = atoi(argv[20]);
  int names = argc - 21;
  VipsImage *bg, *crest, *crest_small, *with_crest, *composed, *base;
  if (!(bg = vips_image_new_from_file(argv[1], "access", VIPS_ACCESS_RANDOM, NULL))) die("load bg");
  if (!(crest = vips_image_new_from_file(argv[2], NULL))) die("load crest");
  if (vips_resize(crest, &crest_small, (double) a[4] / crest->Xsize, NULL)) die("resize");
  if (vips_composite2(bg, crest_small, &with_crest, VIPS_BLEND_MODE_OVER, "x", a[2], "y", a[3], NULL)) die("composite");
  VipsImage *flat;
  if (vips_flatten(with_crest, &flat, NULL)) die("flatten");
  composed = draw_text(flat, "Aurora", argv[3], argv[4], a[9], a[10], a[11], a[12], a[13], 0.8);
  VipsImage *u8;
  if (vips_cast_uchar(composed, &u8, NULL)) die("cast");
  if (!(base = vips_image_copy_memory(u8))) die("copy_memory");   /* kept decoded */
  struct timespec t0, t1, c0, c1;
  size_t total = 0;
  for (int pass = 0; pass < 2; pass++) {            /* pass 0 warms up, pass 1 is timed */
    clock_gettime(CLOCK_MONOTONIC, &t0);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0);
    for (int i = 0; i < count; i++) {
      VipsImage *art = draw_text(base, argv[21 + i % names], argv[3], argv[4], a[5], a[6], a[7], a[8], a[14], 1.0);
      void *buf; size_t len;
      if (vips_jpegsave_buffer(art, &buf, &len, "Q", 86, NULL)) die("jpegsave");
      total += len;
      if (pass == 1 && i == count - 1 && getenv("VIPS_ARTWORK_OUT")) {   /* keep one to look at */
        FILE *f = fopen(getenv("VIPS_ARTWORK_OUT"), "wb");
        if (f) { fwrite(buf, 1, len, f); fclose(f); }
      }
      g_free(buf);
      g_object_unref(art);
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c1);
  }
  double s = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
  double cpu = (c1.tv_sec - c0.tv_sec) + (c1.tv_nsec - c0.tv_nsec) / 1e9;
  printf("%d artworks, %.1f per CPU-second (%.2f ms CPU each), %.1f per wall second, mean %zu bytes\n",
         count, count / cpu, 1000 * cpu / count, count / s, total / (2 * (size_t) count));
  return 0;
}
