package chorus.render;

import java.io.ByteArrayOutputStream;

/**
 * A baseline JPEG whose scan has one restart interval per MCU row, indexed by row so that rows can be
 * replaced by rows encoded elsewhere with the same tables. DC prediction resets at every restart
 * marker, so an interval depends on nothing outside its own row of 16 pixel lines.
 */
final class RestartJpeg {
  private static final int SOI = 0xD8;
  private static final int EOI = 0xD9;
  private static final int SOS = 0xDA;
  private static final int RST0 = 0xD0;

  final byte[] bytes;
  final int width;
  final int height;
  /** End of the SOS segment: everything before is the header. */
  final int headerLength;
  /** Start (inclusive) and end (exclusive, before the marker) of each row's entropy-coded bytes. */
  final int[] rowStart;
  final int[] rowEnd;

  RestartJpeg(byte[] bytes) {
    this.bytes = bytes;
    if (u8(0) != 0xFF || u8(1) != SOI) {
      throw new IllegalArgumentException("not a JPEG stream");
    }
    int pos = 2;
    int w = -1;
    int h = -1;
    while (true) {
      if (u8(pos) != 0xFF) {
        throw new IllegalArgumentException("bad marker at " + pos);
      }
      int marker = u8(pos + 1);
      int length = (u8(pos + 2) << 8) | u8(pos + 3);
      if (marker >= 0xC1 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
        throw new IllegalArgumentException("only baseline JPEG can be spliced, found SOF marker " + marker);
      }
      if (marker == 0xC0) {
        h = (u8(pos + 5) << 8) | u8(pos + 6);
        w = (u8(pos + 7) << 8) | u8(pos + 8);
      }
      pos += 2 + length;
      if (marker == SOS) {
        break;
      }
    }
    if (w <= 0 || h <= 0) {
      throw new IllegalArgumentException("no baseline SOF before the scan");
    }
    this.width = w;
    this.height = h;
    this.headerLength = pos;
    int rows = (h + JpegEncoder.MCU - 1) / JpegEncoder.MCU;
    this.rowStart = new int[rows];
    this.rowEnd = new int[rows];
    indexRows(rows);
  }

  int rows() {
    return rowStart.length;
  }

  private void indexRows(int rows) {
    int row = 0;
    rowStart[0] = headerLength;
    for (int i = headerLength; i < bytes.length - 1; i++) {
      if (bytes[i] != (byte) 0xFF) {
        continue;
      }
      int next = u8(i + 1);
      if (next >= RST0 && next <= RST0 + 7) {
        if (row + 1 >= rows || next != RST0 + (row & 7)) {
          throw new IllegalArgumentException("restart marker out of sequence at " + i);
        }
        rowEnd[row++] = i;
        rowStart[row] = i + 2;
        i++;
      } else if (next == EOI) {
        rowEnd[row] = i;
        if (row != rows - 1) {
          throw new IllegalArgumentException("expected " + rows + " restart intervals, found " + (row + 1));
        }
        return;
      } else if (next == 0x00) {
        i++;
      }
    }
    throw new IllegalArgumentException("scan has no EOI marker");
  }

  /**
   * This image with rows {@code firstRow ..} replaced by all rows of {@code band}, an image of the same
   * width and tables whose rows are rows {@code firstRow ..} of the result.
   */
  byte[] splice(RestartJpeg band, int firstRow) {
    int bandRows = band.rows();
    int after = firstRow + bandRows;
    if (band.width != width || firstRow < 0 || after > rows()) {
      throw new IllegalArgumentException("band does not fit: rows " + firstRow + ".." + after + " of " + rows());
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + band.bytes.length);
    out.write(bytes, 0, rowStart[firstRow]);
    for (int r = 0; r < bandRows; r++) {
      out.write(band.bytes, band.rowStart[r], band.rowEnd[r] - band.rowStart[r]);
      if (firstRow + r < rows() - 1) {
        out.write(0xFF);
        out.write(RST0 + ((firstRow + r) & 7));
      }
    }
    if (after < rows()) {
      out.write(bytes, rowStart[after], bytes.length - rowStart[after]);
    } else {
      out.write(0xFF);
      out.write(EOI);
    }
    return out.toByteArray();
  }

  private int u8(int i) {
    return bytes[i] & 0xFF;
  }
}
