package io.cairn.classifiers;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/** A local file as a {@link FileSource} that counts the bytes read from it, in either way. */
final class CountingFileSource implements FileSource {
  private final Path path;
  private long bytesRead;

  CountingFileSource(Path path) {
    this.path = path;
  }

  long bytesRead() {
    return bytesRead;
  }

  @Override
  public String name() {
    return path.toString();
  }

  @Override
  public long size() {
    try {
      return Files.size(path);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public InputStream open() throws IOException {
    return new FilterInputStream(Files.newInputStream(path)) {
      @Override
      public int read() throws IOException {
        int read = super.read();
        if (read >= 0) {
          bytesRead++;
        }
        return read;
      }

      @Override
      public int read(byte[] buffer, int offset, int length) throws IOException {
        int read = super.read(buffer, offset, length);
        if (read > 0) {
          bytesRead += read;
        }
        return read;
      }
    };
  }

  @Override
  public byte[] read(long position, int length) throws IOException {
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      ByteBuffer buffer = ByteBuffer.allocate(length);
      while (buffer.hasRemaining() && channel.read(buffer, position + buffer.position()) > 0) {
        // reads on until the range is full or the file ends
      }
      bytesRead += buffer.position();
      return Arrays.copyOf(buffer.array(), buffer.position());
    }
  }
}
