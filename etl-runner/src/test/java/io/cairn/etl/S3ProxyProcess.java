package io.cairn.etl;

import com.amazonaws.auth.AWSStaticCredentialsProvider;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.client.builder.AwsClientBuilder;
import com.amazonaws.services.s3.AmazonS3;
import com.amazonaws.services.s3.AmazonS3ClientBuilder;
import io.cairn.etl.job.CairnSparkSessions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real S3-compatible server (S3Proxy with its in-memory blob store) on loopback, as its own JVM
 * from the self-contained jar the build copies to target/s3proxy (its Guava and servlet API would
 * break Spark's on the tests' class path). It checks AWS signatures against {@link #ACCESS_KEY} and
 * {@link #SECRET_KEY}.
 */
public final class S3ProxyProcess implements AutoCloseable {
  public static final String ACCESS_KEY = "etl-access";
  public static final String SECRET_KEY = "etl-secret";
  public static final String REGION = "us-east-1";

  private final Process process;
  private final URI endpoint;
  private final Path log;

  private S3ProxyProcess(Process process, URI endpoint, Path log) {
    this.process = process;
    this.endpoint = endpoint;
    this.log = log;
  }

  public static S3ProxyProcess start(Path directory) throws IOException {
    String jar = System.getProperty("s3proxy.jar");
    if (jar == null || !Files.isRegularFile(Path.of(jar))) {
      throw new IllegalStateException(
          "S3Proxy's jar is missing (" + jar + "); run the tests through mvn verify");
    }
    Files.createDirectories(directory);
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    URI endpoint = URI.create("http://127.0.0.1:" + port);
    Path properties = directory.resolve("s3proxy.properties");
    Files.write(
        properties,
        List.of(
            "s3proxy.endpoint=" + endpoint,
            "s3proxy.authorization=aws-v2-or-v4",
            "s3proxy.identity=" + ACCESS_KEY,
            "s3proxy.credential=" + SECRET_KEY,
            "jclouds.provider=transient",
            "jclouds.identity=unused",
            "jclouds.credential=unused"));
    Path log = directory.resolve("s3proxy.log");
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-jar",
                jar,
                "--properties",
                properties.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    S3ProxyProcess proxy = new S3ProxyProcess(process, endpoint, log);
    try {
      proxy.awaitListening(port);
    } catch (RuntimeException e) {
      proxy.close();
      throw e;
    }
    return proxy;
  }

  private void awaitListening(int port) {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("S3Proxy exited at start:\n" + logText());
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return;
      } catch (IOException notYet) {
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
    }
    throw new IllegalStateException("S3Proxy did not listen within 60 s:\n" + logText());
  }

  private String logText() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public URI endpoint() {
    return endpoint;
  }

  /** The AWS SDK's own S3 client for this server, to set up and check what jobs read and wrote. */
  public AmazonS3 client() {
    return AmazonS3ClientBuilder.standard()
        .withEndpointConfiguration(
            new AwsClientBuilder.EndpointConfiguration(endpoint.toString(), REGION))
        .withPathStyleAccessEnabled(true)
        .withCredentials(
            new AWSStaticCredentialsProvider(new BasicAWSCredentials(ACCESS_KEY, SECRET_KEY)))
        .build();
  }

  /** The Spark configuration a test session needs for this server (the runner's --cairn-s3-*). */
  public Map<String, String> sparkConfiguration() {
    Map<String, String> configuration =
        new LinkedHashMap<>(
            CairnSparkSessions.s3Configuration(Optional.of(endpoint), REGION, true));
    configuration.put("spark.hadoop.fs.s3a.access.key", ACCESS_KEY);
    configuration.put("spark.hadoop.fs.s3a.secret.key", SECRET_KEY);
    return configuration;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
