package chorus.audio;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avformat.av_find_best_stream;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLT;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.swresample.swr_alloc_set_opts2;
import static org.bytedeco.ffmpeg.global.swresample.swr_convert;
import static org.bytedeco.ffmpeg.global.swresample.swr_free;
import static org.bytedeco.ffmpeg.global.swresample.swr_get_out_samples;
import static org.bytedeco.ffmpeg.global.swresample.swr_init;

import chorus.audio.TakeFixtures.Format;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avutil.AVChannelLayout;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swresample.SwrContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * The decode step alone, two ways, on the same generated takes: {@link Decoder} (the bundled ffmpeg executable
 * as a child process, f32le on a pipe, as Chorus runs it) against the same libav libraries called in-process
 * through JavaCPP (avformat demux, avcodec decode, swresample to 48 kHz mono float; one thread, no ceilings).
 * Both feed the same trivial sink. CPU is the process's own plus its reaped children's from /proc/self/stat.
 * In {@code chorus.audio} (test scope) to reach the package-private decoder.
 *
 * <p>Run: {@code bench/audio/decode.sh [seconds] [rounds]} (defaults 60 5).
 */
public final class DecodeInProcessBench {
  static final double TICK = 100.0;

  /** Sum of squares and count: enough that neither side can skip the samples. */
  static final class Energy implements PcmSink {
    double sum;
    long n;

    @Override
    public void accept(float[] samples, int count) {
      for (int i = 0; i < count; i++) sum += samples[i] * (double) samples[i];
      n += count;
    }

    double rms() {
      return Math.sqrt(sum / Math.max(1, n));
    }
  }

  public static void main(String[] args) throws Exception {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 60;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    float[] sung = TakeFixtures.sung(seconds, 3);
    List<Path> files = List.of(TakeFixtures.encode("decode-" + (int) seconds, sung, Format.WEBM),
        TakeFixtures.encode("decode-" + (int) seconds, sung, Format.MP4));
    Decoder child = new Decoder(Ffmpeg.bundled());

    double load0 = cpu();
    long w0 = System.nanoTime();
    Energy first = new Energy();
    inProcess(files.get(0), first);
    System.out.printf("first in-process call (loads the JavaCPP natives): %.2f CPU-s, %.0f ms wall%n", cpu() - load0, (System.nanoTime() - w0) / 1e6);
    for (Path f : files) { // warm-up both and check they agree
      Energy a = new Energy();
      Energy b = new Energy();
      child.decode(f, 3600, 600, 512, a);
      inProcess(f, b);
      System.out.printf("%s: child %d samples rms %.5f | in-process %d samples rms %.5f%n", f.getFileName(), a.n, a.rms(), b.n, b.rms());
    }
    double minutes = files.size() * seconds / 60;
    double[] childCpu = new double[rounds];
    double[] childWall = new double[rounds];
    double[] ownCpu = new double[rounds];
    double[] ownWall = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      double c = cpu();
      long w = System.nanoTime();
      for (Path f : files) child.decode(f, 3600, 600, 512, new Energy());
      childCpu[r] = (cpu() - c) / minutes;
      childWall[r] = (System.nanoTime() - w) / 1e6 / files.size();
      c = cpu();
      w = System.nanoTime();
      for (Path f : files) inProcess(f, new Energy());
      ownCpu[r] = (cpu() - c) / minutes;
      ownWall[r] = (System.nanoTime() - w) / 1e6 / files.size();
    }
    System.out.printf("decode only, %d files of %.0f s (WebM/Opus, MP4/AAC), %d rounds interleaved, medians:%n", files.size(), seconds, rounds);
    System.out.printf("  child process: %.3f CPU-s per audio minute, %.0f ms wall per take   (rounds %s)%n", median(childCpu), median(childWall), Arrays.toString(childCpu));
    System.out.printf("  in-process:    %.3f CPU-s per audio minute, %.0f ms wall per take   (rounds %s)%n", median(ownCpu), median(ownWall), Arrays.toString(ownCpu));
    System.out.printf("  in-process / child: CPU %.2f, wall %.2f%n", median(ownCpu) / median(childCpu), median(ownWall) / median(childWall));
  }

  /** Demux, decode and resample one file in this process; answers the samples written to the sink. */
  static long inProcess(Path file, PcmSink sink) throws IOException {
    AVFormatContext fmt = new AVFormatContext(null);
    if (avformat_open_input(fmt, file.toString(), null, (AVDictionary) null) < 0) throw new IOException("not opened: " + file);
    AVCodecContext ctx = null;
    SwrContext swr = null;
    AVPacket pkt = av_packet_alloc();
    AVFrame frame = av_frame_alloc();
    AVChannelLayout mono = new AVChannelLayout();
    long samples = 0;
    try {
      if (avformat_find_stream_info(fmt, (PointerPointer<?>) null) < 0) throw new IOException("no stream info");
      int index = av_find_best_stream(fmt, AVMEDIA_TYPE_AUDIO, -1, -1, (AVCodec) null, 0);
      if (index < 0) throw new IOException("no audio stream");
      AVCodecParameters par = fmt.streams(index).codecpar();
      AVCodec codec = avcodec_find_decoder(par.codec_id());
      ctx = avcodec_alloc_context3(codec);
      avcodec_parameters_to_context(ctx, par);
      ctx.thread_count(1);
      if (avcodec_open2(ctx, codec, (AVDictionary) null) < 0) throw new IOException("decoder not opened");
      av_channel_layout_default(mono, 1);
      swr = new SwrContext(null);
      if (swr_alloc_set_opts2(swr, mono, AV_SAMPLE_FMT_FLT, Decoder.RATE, ctx.ch_layout(), ctx.sample_fmt(), ctx.sample_rate(), 0, null) < 0
          || swr_init(swr) < 0) {
        throw new IOException("resampler not set up");
      }
      Out out = new Out();
      while (av_read_frame(fmt, pkt) >= 0) {
        if (pkt.stream_index() == index && avcodec_send_packet(ctx, pkt) >= 0) samples += drain(ctx, frame, swr, out, sink);
        av_packet_unref(pkt);
      }
      avcodec_send_packet(ctx, null);
      samples += drain(ctx, frame, swr, out, sink);
      samples += out.flush(swr, sink);
      return samples;
    } finally {
      if (swr != null) swr_free(swr);
      av_frame_free(frame);
      av_packet_free(pkt);
      if (ctx != null) avcodec_free_context(ctx);
      avformat_close_input(fmt);
    }
  }

  /** The output buffer of the resampler, grown as needed, and its copy into a Java array for the sink. */
  static final class Out {
    BytePointer bytes = new BytePointer(0L);
    float[] block = new float[0];
    PointerPointer<BytePointer> planes = new PointerPointer<>(1);

    int convert(SwrContext swr, PointerPointer<?> in, int inCount, PcmSink sink) {
      int room = swr_get_out_samples(swr, inCount);
      if (room <= 0) return 0;
      if (block.length < room) {
        bytes.close();
        bytes = new BytePointer((long) room * 4);
        block = new float[room];
        planes.put(0, bytes);
      }
      int n = swr_convert(swr, planes, room, in, inCount);
      if (n > 0) {
        new FloatPointer(bytes).get(block, 0, n);
        sink.accept(block, n);
      }
      return Math.max(n, 0);
    }

    int flush(SwrContext swr, PcmSink sink) {
      return convert(swr, null, 0, sink);
    }
  }

  static long drain(AVCodecContext ctx, AVFrame frame, SwrContext swr, Out out, PcmSink sink) {
    long n = 0;
    while (avcodec_receive_frame(ctx, frame) >= 0) n += out.convert(swr, frame.extended_data(), frame.nb_samples(), sink);
    return n;
  }

  static double cpu() throws IOException {
    String stat = Files.readString(Path.of("/proc/self/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14])) / TICK;
  }

  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }
}
