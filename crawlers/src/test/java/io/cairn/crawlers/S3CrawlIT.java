package io.cairn.crawlers;

import static io.cairn.crawlers.Trees.salesCsv;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.classifiers.Classifiers;
import io.cairn.classifiers.Column;
import io.cairn.classifiers.FileSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.zip.GZIPOutputStream;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** Crawls a tree uploaded to a real S3-compatible server (S3Proxy, in memory) on loopback. */
final class S3CrawlIT {
  private static final String ACCESS_KEY = "crawler-access";
  private static final String SECRET_KEY = "crawler-secret";
  private static final String BUCKET = "warehouse";

  private static BlobStoreContext blobStore;
  private static S3Proxy server;
  private static S3Settings settings;

  @BeforeAll
  static void startServer() throws Exception {
    Properties properties = new Properties();
    blobStore =
        ContextBuilder.newBuilder("transient")
            .credentials("identity", "credential")
            .overrides(properties)
            .build(BlobStoreContext.class);
    server =
        S3Proxy.builder()
            .blobStore(blobStore.getBlobStore())
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
            .build();
    server.start();
    for (int i = 0; i < 500 && !"STARTED".equals(server.getState()); i++) {
      Thread.sleep(10);
    }
    settings =
        new S3Settings(
            "http://127.0.0.1:" + server.getPort(), "us-east-1", ACCESS_KEY, SECRET_KEY, true);
    try (S3Client client = client()) {
      client.createBucket(request -> request.bucket(BUCKET));
      for (String day : List.of("01", "02", "03")) {
        put(client, "lake/sales/year=2024/day=" + day + "/part-0.csv", salesCsv(1, 4));
        put(client, "lake/sales/year=2024/day=" + day + "/part-1.csv", salesCsv(10, 4));
        put(client, "lake/sales/year=2024/day=" + day + "/_SUCCESS", "");
      }
      put(client, "lake/events/2024/01/a.json", "{\"kind\":\"click\",\"user\":{\"id\":1}}\n");
      put(client, "lake/events/2024/02/a.json", "{\"kind\":\"view\",\"user\":{\"id\":2}}\n");
      put(client, "lake/logs/", "");
      ByteArrayOutputStream zipped = new ByteArrayOutputStream();
      try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
        gzip.write(salesCsv(1, 3).getBytes(StandardCharsets.UTF_8));
      }
      client.putObject(
          request -> request.bucket(BUCKET).key("lake/archive/a.csv.gz"),
          RequestBody.fromBytes(zipped.toByteArray()));
    }
  }

  @AfterAll
  static void stopServer() throws Exception {
    if (server != null) {
      server.stop();
    }
    if (blobStore != null) {
      blobStore.close();
    }
  }

  private static S3Client client() {
    return S3Client.builder()
        .httpClient(UrlConnectionHttpClient.create())
        .endpointOverride(URI.create(settings.endpoint()))
        .region(Region.US_EAST_1)
        .forcePathStyle(true)
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
        .build();
  }

  private static void put(S3Client client, String key, String content) {
    client.putObject(request -> request.bucket(BUCKET).key(key), RequestBody.fromString(content));
  }

  @Test
  void crawlsAPartitionedTreeInABucket() {
    InMemoryCrawlerCatalog catalog = new InMemoryCrawlerCatalog(Trees.DATABASE);

    CrawlResult result =
        new Crawler(Classifiers.loadBuiltIn(), settings)
            .crawl(
                Trees.configuration("s3://" + BUCKET + "/lake"),
                catalog,
                CrawlListener.NONE,
                () -> false);

    assertThat(catalog.tableNames()).containsExactlyInAnyOrder("sales", "events", "archive");
    CrawledTable sales = catalog.table("sales");
    assertThat(sales.location()).isEqualTo("s3://warehouse/lake/sales/");
    assertThat(sales.partitionKeys())
        .containsExactly(new Column("year", "string"), new Column("day", "string"));
    assertThat(sales.columns()).extracting(Column::name).containsExactly("id", "name", "amount");
    assertThat(sales.parameters()).containsEntry("objectCount", "6");
    assertThat(catalog.partitions("sales").keySet())
        .containsExactlyInAnyOrder(
            List.of("2024", "01"), List.of("2024", "02"), List.of("2024", "03"));
    assertThat(catalog.partitions("sales").get(List.of("2024", "02")).location())
        .isEqualTo("s3://warehouse/lake/sales/year=2024/day=02/");
    CrawledTable events = catalog.table("events");
    assertThat(events.partitionKeys())
        .containsExactly(new Column("partition_0", "string"), new Column("partition_1", "string"));
    assertThat(catalog.table("archive").parameters()).containsEntry("compressionType", "gzip");
    assertThat(catalog.table("archive").location()).isEqualTo("s3://warehouse/lake/archive/");
    assertThat(result.messages()).isEmpty();
    assertThat(result.filesListed()).isEqualTo(9);
    assertThat(result.filesRead()).isEqualTo(9);
  }

  @Test
  void readsByteRangesOfAnObject() throws IOException {
    try (S3Storage storage = S3Storage.open("s3://" + BUCKET + "/lake/sales", settings)) {
      Storage.StoredFile file =
          storage.list("year=2024/day=01").files().stream()
              .filter(stored -> stored.name().equals("part-0.csv"))
              .findFirst()
              .orElseThrow();
      FileSource source = storage.open(file);
      byte[] whole = salesCsv(1, 4).getBytes(StandardCharsets.UTF_8);
      assertThat(source.size()).isEqualTo(whole.length);
      assertThat(source.read(3, 5)).isEqualTo(java.util.Arrays.copyOfRange(whole, 3, 8));
      assertThat(source.read(whole.length - 2, 10))
          .isEqualTo(java.util.Arrays.copyOfRange(whole, whole.length - 2, whole.length));
      assertThat(source.read(whole.length, 10)).isEmpty();
      assertThat(storage.level("year=2024")).isEqualTo(4);
    }
  }

  @Test
  void aMissingBucketIsAClearErrorAndChangesNothing() {
    InMemoryCrawlerCatalog catalog = new InMemoryCrawlerCatalog(Trees.DATABASE);
    assertThatThrownBy(
            () ->
                new Crawler(Classifiers.loadBuiltIn(), settings)
                    .crawl(
                        Trees.configuration("s3://no-such-bucket/lake"),
                        catalog,
                        CrawlListener.NONE,
                        () -> false))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("no-such-bucket");
    assertThat(catalog.applied()).isEmpty();
  }
}
