package io.cairn.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** The version lines of {@code --version} and {@code cairn version}. */
public final class CairnVersion implements IVersionProvider {
  /** Written into the jar by Maven; absent when running from compiled classes. */
  private static final String POM_PROPERTIES =
      "/META-INF/maven/io.cairn/cairn-metastore/pom.properties";

  @Override
  public String[] getVersion() {
    return new String[] {
      "Cairn " + version(),
      "Java "
          + System.getProperty("java.version")
          + " ("
          + System.getProperty("java.vendor")
          + ") on "
          + System.getProperty("os.name")
          + " "
          + System.getProperty("os.arch")
    };
  }

  /** The project version, or {@code development build} outside a packaged jar. */
  public static String version() {
    try (InputStream in = CairnVersion.class.getResourceAsStream(POM_PROPERTIES)) {
      if (in == null) {
        return "development build";
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version", "development build");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
