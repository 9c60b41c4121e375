package chorus.storage;

import chorus.core.Built;
import chorus.core.Config;
import io.vertx.core.Vertx;
import java.net.URI;
import java.nio.file.Path;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** Builds the configured storage: S3 when a bucket is set, local disk otherwise (local mode only). */
public final class Storages {
  private Storages() {}

  public static ObjectStorage create(Vertx vertx, Config config) {
    UploadSigner signer = new UploadSigner(config.string("secret"));
    Built.one(Built.STORAGE);
    if (!config.has("s3.bucket")) {
      return new LocalDiskStorage(vertx, Path.of(config.string("storage.dir")), signer, config.string("publicBaseUrl"));
    }
    Region region = Region.of(config.string("s3.region"));
    AwsCredentialsProvider credentials = config.has("s3.accessKeyId")
        ? StaticCredentialsProvider.create(AwsBasicCredentials.create(config.string("s3.accessKeyId"), config.string("s3.secretAccessKey", "")))
        : DefaultCredentialsProvider.builder().build();
    S3Configuration s3conf = S3Configuration.builder().pathStyleAccessEnabled(config.flag("s3.pathStyle")).build();
    // The JDK's HTTP client keeps 5 idle connections per host unless told otherwise: as many as storage calls run at
    // once, so a burst of artwork PUTs reuses its connections instead of opening new ones (read once, before first use).
    if (System.getProperty("http.maxConnections") == null) System.setProperty("http.maxConnections", String.valueOf(S3Storage.THREADS));
    var client = S3Client.builder().region(region).credentialsProvider(credentials)
        .httpClientBuilder(UrlConnectionHttpClient.builder()).serviceConfiguration(s3conf)
        // no CRC of every body on top of TCP/TLS and SigV4 unless the operation requires one (none of ours does)
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    var presigner = S3Presigner.builder().region(region).credentialsProvider(credentials).serviceConfiguration(s3conf);
    if (config.has("s3.endpoint")) {
      URI endpoint = URI.create(config.string("s3.endpoint"));
      client.endpointOverride(endpoint);
      presigner.endpointOverride(endpoint);
    }
    return new S3Storage(vertx, client.build(), presigner.build(), config.string("s3.bucket"));
  }
}
