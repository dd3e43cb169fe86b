package io.cairn.service;

import io.cairn.catalog.ByteString;
import io.cairn.catalog.MlTransformArtifact;
import io.cairn.server.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encryption at rest of ML transforms' labels and models: AES-GCM with the server's key, a random
 * 12-byte nonce per artifact stored in front of the ciphertext, and the transform id and kind as
 * associated data (an artifact copied to another transform or kind does not decrypt). Each artifact
 * is stored with the id of its key (a digest of it), so that a server with another key or none says
 * so instead of failing obscurely.
 */
public final class ArtifactCipher {
  private static final String TRANSFORMATION = "AES/GCM/NoPadding";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final SecretKey key;
  private final String keyId;
  private final SecureRandom random = new SecureRandom();

  private ArtifactCipher(SecretKey key, String keyId) {
    this.key = key;
    this.keyId = keyId;
  }

  /** Artifacts stored plain; encrypted ones cannot be read. */
  public static ArtifactCipher none() {
    return new ArtifactCipher(null, null);
  }

  /**
   * The key of {@code ml-transforms.encryption-key-file}: base64 of 16, 24 or 32 bytes.
   *
   * @throws ConfigException when the file cannot be read or holds no such key
   */
  public static ArtifactCipher fromKeyFile(Path file) {
    byte[] key;
    try {
      key = Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).strip());
    } catch (IOException e) {
      throw new ConfigException("cannot read the ML transforms' key file " + file + ": " + e, e);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          "the ML transforms' key file " + file + " does not hold a base64 key: " + e.getMessage(),
          e);
    }
    return fromKey(key, file.toString());
  }

  static ArtifactCipher fromKey(byte[] key, String origin) {
    if (key.length != 16 && key.length != 24 && key.length != 32) {
      throw new ConfigException(
          "the ML transforms' key ("
              + origin
              + ") must be 16, 24 or 32 bytes (base64), not "
              + key.length);
    }
    return new ArtifactCipher(new SecretKeySpec(key, "AES"), keyIdOf(key));
  }

  private static String keyIdOf(byte[] key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key);
      return "aes-" + HexFormat.of().formatHex(Arrays.copyOf(digest, 8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  /** The id stored with the artifacts this cipher writes; null when it writes them plain. */
  public String keyId() {
    return keyId;
  }

  /** {@code content} as stored for {@code transformId}: encrypted when this cipher has a key. */
  public MlTransformArtifact seal(
      String transformId, MlTransformArtifact.Kind kind, byte[] content) {
    if (key == null) {
      return new MlTransformArtifact(kind, null, ByteString.copyOf(content));
    }
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance(TRANSFORMATION);
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(associatedData(transformId, kind));
      byte[] sealed = cipher.doFinal(content);
      byte[] stored = new byte[NONCE_BYTES + sealed.length];
      System.arraycopy(nonce, 0, stored, 0, NONCE_BYTES);
      System.arraycopy(sealed, 0, stored, NONCE_BYTES, sealed.length);
      return new MlTransformArtifact(kind, keyId, ByteString.copyOf(stored));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM encryption failed", e);
    }
  }

  /**
   * The plain content of a stored artifact.
   *
   * @throws IllegalStateException saying which key it needs, when it was encrypted with another key
   *     than this cipher's (or this cipher has none), or when it does not decrypt
   */
  public byte[] open(String transformId, MlTransformArtifact artifact) {
    String what = artifact.kind().name().toLowerCase(java.util.Locale.ROOT);
    byte[] stored = artifact.content().toByteArray();
    if (artifact.keyId() == null) {
      return stored;
    }
    if (key == null) {
      throw new IllegalStateException(
          "the "
              + what
              + " of ML transform "
              + transformId
              + " are encrypted with key "
              + artifact.keyId()
              + ", and this server has no ml-transforms.encryption-key-file");
    }
    if (!artifact.keyId().equals(keyId)) {
      throw new IllegalStateException(
          "the "
              + what
              + " of ML transform "
              + transformId
              + " are encrypted with key "
              + artifact.keyId()
              + ", not with this server's key "
              + keyId
              + " (ml-transforms.encryption-key-file)");
    }
    try {
      Cipher cipher = Cipher.getInstance(TRANSFORMATION);
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, stored, 0, NONCE_BYTES));
      cipher.updateAAD(associatedData(transformId, artifact.kind()));
      return cipher.doFinal(stored, NONCE_BYTES, stored.length - NONCE_BYTES);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(
          "the " + what + " of ML transform " + transformId + " do not decrypt: they were changed",
          e);
    }
  }

  private static byte[] associatedData(String transformId, MlTransformArtifact.Kind kind) {
    return (transformId + "/" + kind.name()).getBytes(StandardCharsets.UTF_8);
  }
}
