package io.cairn.crawlers;

import static java.util.Objects.requireNonNull;

import io.cairn.classifiers.FileSource;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A target in S3 or any S3-compatible store. Folders are listed one at a time with ListObjectsV2
 * and the delimiter {@code /}, so that the crawler never lists below a folder it skips.
 */
final class S3Storage implements Storage {
  private final S3Client client;
  private final String bucket;

  /** The target's key prefix: empty, or ending with {@code /}. */
  private final String prefix;

  private S3Storage(S3Client client, String bucket, String prefix) {
    this.client = requireNonNull(client, "client is null");
    this.bucket = requireNonNull(bucket, "bucket is null");
    this.prefix = requireNonNull(prefix, "prefix is null");
  }

  static S3Storage open(String targetPath, S3Settings settings) {
    String rest = targetPath.substring(targetPath.indexOf("://") + 3);
    int slash = rest.indexOf('/');
    String bucket = slash < 0 ? rest : rest.substring(0, slash);
    String prefix = slash < 0 ? "" : rest.substring(slash + 1);
    if (bucket.isEmpty()) {
      throw new IllegalArgumentException("an S3 target needs a bucket: " + targetPath);
    }
    if (!prefix.isEmpty() && !prefix.endsWith("/")) {
      prefix = prefix + "/";
    }
    return new S3Storage(client(settings), bucket, prefix);
  }

  private static S3Client client(S3Settings settings) {
    AwsCredentialsProvider credentials =
        settings.accessKeyId().isEmpty()
            ? DefaultCredentialsProvider.builder().build()
            : StaticCredentialsProvider.create(
                AwsBasicCredentials.create(settings.accessKeyId(), settings.secretAccessKey()));
    S3ClientBuilder builder =
        S3Client.builder()
            .httpClient(UrlConnectionHttpClient.create())
            .region(Region.of(settings.region()))
            .credentialsProvider(credentials)
            .forcePathStyle(settings.pathStyleAccess())
            // S3-compatible stores (MinIO, Ceph, S3Proxy) do not all know the flexible checksums
            // the SDK sends and checks by default since 2.30; the crawler only reads.
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    if (!settings.endpoint().isEmpty()) {
      builder.endpointOverride(URI.create(settings.endpoint()));
    }
    return builder.build();
  }

  @Override
  public Listing list(String folder) throws IOException {
    String listed = keyPrefix(folder);
    List<StoredFile> files = new ArrayList<>();
    List<String> folders = new ArrayList<>();
    ListObjectsV2Request request =
        ListObjectsV2Request.builder().bucket(bucket).prefix(listed).delimiter("/").build();
    try {
      for (ListObjectsV2Response page : client.listObjectsV2Paginator(request)) {
        for (S3Object object : page.contents()) {
          String name = object.key().substring(listed.length());
          // A zero-byte "folder/" marker that consoles create is not a file; some S3-compatible
          // stores list it among the contents rather than as a common prefix.
          if (!name.isEmpty() && !name.endsWith("/")) {
            files.add(new StoredFile(Storage.child(folder, name), object.size()));
          }
        }
        for (CommonPrefix common : page.commonPrefixes()) {
          String name = common.prefix().substring(listed.length());
          name = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
          if (!name.isEmpty()) {
            folders.add(name);
          }
        }
      }
    } catch (SdkException e) {
      throw new IOException("cannot list s3://" + bucket + "/" + listed + ": " + e.getMessage(), e);
    }
    return new Listing(files, folders);
  }

  @Override
  public FileSource open(StoredFile file) {
    String key = prefix + file.path();
    String name = "s3://" + bucket + "/" + key;
    return new FileSource() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public long size() {
        return file.size();
      }

      @Override
      public InputStream open() throws IOException {
        try {
          return client.getObject(request -> request.bucket(bucket).key(key));
        } catch (SdkException e) {
          throw new IOException("cannot read " + name + ": " + e.getMessage(), e);
        }
      }

      @Override
      public byte[] read(long position, int length) throws IOException {
        if (length <= 0 || position >= file.size()) {
          return new byte[0];
        }
        long last = Math.min(position + length, file.size()) - 1;
        String range = "bytes=" + position + "-" + last;
        try {
          ResponseBytes<GetObjectResponse> bytes =
              client.getObjectAsBytes(request -> request.bucket(bucket).key(key).range(range));
          return bytes.asByteArray();
        } catch (SdkException e) {
          throw new IOException("cannot read " + range + " of " + name + ": " + e.getMessage(), e);
        }
      }
    };
  }

  @Override
  public int parallelism() {
    // Reading an object is mostly waiting for the network.
    return 8;
  }

  @Override
  public String folderLocation(String folder) {
    return "s3://" + bucket + "/" + keyPrefix(folder);
  }

  @Override
  public String fileLocation(String file) {
    return "s3://" + bucket + "/" + prefix + file;
  }

  @Override
  public int level(String folder) {
    String key = keyPrefix(folder);
    return 1 + (key.isEmpty() ? 0 : key.split("/").length);
  }

  @Override
  public void close() {
    client.close();
  }

  private String keyPrefix(String folder) {
    return folder.isEmpty() ? prefix : prefix + folder + "/";
  }
}
