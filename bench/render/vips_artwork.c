/*
 * Peer 2: libvips in process. The background is decoded once and kept in memory with the crest and the
 * team name composed onto it (the same caching the Java renderer does); each artwork then renders the
 * fan's name with vips_text (Pango, autofitted to the box), blends it in and encodes a JPEG (Q 86).
 * Single-threaded (vips concurrency 1) to compare per core.
 * Usage: vips_artwork BG CREST FONTFILE FONTNAME W H CX CY CS NX NY NW NH TX TY TW TH COUNT NAME...
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <vips/vips.h>

static void die(const char *what) {
  fprintf(stderr, "%s: %s\n", what, vips_error_buffer());
  exit(1);
}

/* Blends white text (mask from vips_text, box-fitted) centred in the box onto base; returns a new image. */
static VipsImage *draw_text(VipsImage *base, const char *text, const char *fontfile, const char *font,
                            int bx, int by, int bw, int bh, double alpha) {
  VipsImage *mask, *area, *ink, *blended, *out, *scaled;
  if (vips_text(&mask, text, "font", font, "fontfile", fontfile, "width", bw, "height", bh,
                "align", VIPS_ALIGN_CENTRE, NULL)) die("vips_text");
  if (vips_linear1(mask, &scaled, alpha, 0.0, "uchar", TRUE, NULL)) die("vips_linear1");
  int x = bx + (bw - scaled->Xsize) / 2, y = by + (bh - scaled->Ysize) / 2;
  if (vips_extract_area(base, &area, x, y, scaled->Xsize, scaled->Ysize, NULL)) die("extract");
  double white[3] = {255, 255, 255};
  ink = vips_image_new_from_image(area, white, 3);
  if (vips_ifthenelse(scaled, ink, area, &blended, "blend", TRUE, NULL)) die("ifthenelse");
  if (vips_insert(base, blended, &out, x, y, NULL)) die("insert");
  g_object_unref(mask); g_object_unref(scaled); g_object_unref(area); g_object_unref(ink); g_object_unref(blended);
  return out;
}

int main(int argc, char **argv) {
  if (VIPS_INIT(argv[0])) die("init");
  if (argc < 20) { fprintf(stderr, "usage: see source\n"); return 2; }
  vips_concurrency_set(1);
  vips_cache_set_max(0);
  int a[14];
  for (int i = 0; i < 14; i++) a[i] = atoi(argv[5 + i]);
  int count = atoi(argv[19]);
  int names = argc - 20;
  VipsImage *bg, *crest, *crest_small, *with_crest, *composed, *base;
  if (!(bg = vips_image_new_from_file(argv[1], "access", VIPS_ACCESS_RANDOM, NULL))) die("load bg");
  if (!(crest = vips_image_new_from_file(argv[2], NULL))) die("load crest");
  if (vips_resize(crest, &crest_small, (double) a[4] / crest->Xsize, NULL)) die("resize");
  if (vips_composite2(bg, crest_small, &with_crest, VIPS_BLEND_MODE_OVER, "x", a[2], "y", a[3], NULL)) die("composite");
  VipsImage *flat;
  if (vips_flatten(with_crest, &flat, NULL)) die("flatten");
  composed = draw_text(flat, "Aurora", argv[3], argv[4], a[9], a[10], a[11], a[12], 0.8);
  VipsImage *u8;
  if (vips_cast_uchar(composed, &u8, NULL)) die("cast");
  if (!(base = vips_image_copy_memory(u8))) die("copy_memory");   /* kept decoded */
  struct timespec t0, t1;
  size_t total = 0;
  for (int pass = 0; pass < 2; pass++) {            /* pass 0 warms up, pass 1 is timed */
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (int i = 0; i < count; i++) {
      VipsImage *art = draw_text(base, argv[20 + i % names], argv[3], argv[4], a[5], a[6], a[7], a[8], 1.0);
      void *buf; size_t len;
      if (vips_jpegsave_buffer(art, &buf, &len, "Q", 86, NULL)) die("jpegsave");
      total += len;
      g_free(buf);
      g_object_unref(art);
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
  }
  double s = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
  printf("%d artworks in %.3f s = %.1f artworks/s (%.2f ms each), mean %zu bytes\n",
         count, s, count / s, 1000 * s / count, total / (2 * (size_t) count));
  return 0;
}
