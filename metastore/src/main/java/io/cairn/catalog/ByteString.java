package io.cairn.catalog;

import java.util.Arrays;
import java.util.Base64;

/** Immutable bytes with value equality (bit vectors and histograms of column statistics). */
public final class ByteString {
  private final byte[] bytes;

  private ByteString(byte[] bytes) {
    this.bytes = bytes;
  }

  public static ByteString copyOf(byte[] bytes) {
    return bytes == null ? null : new ByteString(bytes.clone());
  }

  public static ByteString fromBase64(String base64) {
    return base64 == null ? null : new ByteString(Base64.getDecoder().decode(base64));
  }

  public byte[] toByteArray() {
    return bytes.clone();
  }

  public String toBase64() {
    return Base64.getEncoder().encodeToString(bytes);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ByteString that && Arrays.equals(bytes, that.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "ByteString[" + bytes.length + " bytes]";
  }
}
