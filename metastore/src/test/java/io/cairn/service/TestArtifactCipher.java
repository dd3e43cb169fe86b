package io.cairn.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.catalog.ByteString;
import io.cairn.catalog.MlTransformArtifact;
import io.cairn.server.ConfigException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class TestArtifactCipher {
  private static final byte[] LABELS =
      "labeling_set_id,label,id\ns1,A,1\n".getBytes(StandardCharsets.UTF_8);

  @Test
  void sealedArtifactsAreNotPlainDifferEachTimeAndOpenWithTheSameKey(@TempDir Path directory)
      throws Exception {
    ArtifactCipher cipher = ArtifactCipher.fromKeyFile(keyFile(directory, "a", 7));
    MlTransformArtifact first = cipher.seal("tfm-1", MlTransformArtifact.Kind.LABELS, LABELS);
    MlTransformArtifact second = cipher.seal("tfm-1", MlTransformArtifact.Kind.LABELS, LABELS);
    assertThat(first.keyId()).isEqualTo(cipher.keyId()).startsWith("aes-");
    assertThat(new String(first.content().toByteArray(), StandardCharsets.ISO_8859_1))
        .doesNotContain("labeling_set_id");
    assertThat(first.content()).isNotEqualTo(second.content());
    assertThat(cipher.open("tfm-1", first)).isEqualTo(LABELS);
    assertThat(cipher.open("tfm-1", second)).isEqualTo(LABELS);
    // The same key read again opens them: the id is the key's, not the file's.
    assertThat(ArtifactCipher.fromKeyFile(keyFile(directory, "copy", 7)).open("tfm-1", first))
        .isEqualTo(LABELS);
  }

  @Test
  void anotherKeyNoKeyAnotherTransformOrChangedBytesFailClearly(@TempDir Path directory)
      throws Exception {
    ArtifactCipher cipher = ArtifactCipher.fromKeyFile(keyFile(directory, "a", 7));
    MlTransformArtifact sealed = cipher.seal("tfm-1", MlTransformArtifact.Kind.MODEL, LABELS);
    ArtifactCipher other = ArtifactCipher.fromKeyFile(keyFile(directory, "b", 8));
    assertThatThrownBy(() -> other.open("tfm-1", sealed))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("encrypted with key " + cipher.keyId())
        .hasMessageContaining("not with this server's key " + other.keyId());
    assertThatThrownBy(() -> ArtifactCipher.none().open("tfm-1", sealed))
        .hasMessageContaining("has no ml-transforms.encryption-key-file");
    assertThatThrownBy(() -> cipher.open("tfm-2", sealed)).hasMessageContaining("do not decrypt");
    byte[] changed = sealed.content().toByteArray();
    changed[changed.length - 1] ^= 1;
    assertThatThrownBy(
            () ->
                cipher.open(
                    "tfm-1",
                    new MlTransformArtifact(
                        MlTransformArtifact.Kind.MODEL,
                        sealed.keyId(),
                        ByteString.copyOf(changed))))
        .hasMessageContaining("do not decrypt");
    // Plain artifacts open with or without a key.
    MlTransformArtifact plain =
        ArtifactCipher.none().seal("tfm-1", MlTransformArtifact.Kind.LABELS, LABELS);
    assertThat(plain.keyId()).isNull();
    assertThat(cipher.open("tfm-1", plain)).isEqualTo(LABELS);
  }

  @Test
  void badKeyFilesAreConfigurationErrors(@TempDir Path directory) throws Exception {
    Path shortKey = directory.resolve("short.key");
    Files.writeString(shortKey, Base64.getEncoder().encodeToString(new byte[10]));
    assertThatThrownBy(() -> ArtifactCipher.fromKeyFile(shortKey))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("16, 24 or 32 bytes");
    Path notBase64 = directory.resolve("text.key");
    Files.writeString(notBase64, "not a key!");
    assertThatThrownBy(() -> ArtifactCipher.fromKeyFile(notBase64))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("base64");
    assertThatThrownBy(() -> ArtifactCipher.fromKeyFile(directory.resolve("missing.key")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("cannot read");
  }

  private static Path keyFile(Path directory, String name, int seed) throws Exception {
    byte[] key = new byte[32];
    key[0] = (byte) seed;
    Path file = directory.resolve(name + ".key");
    Files.writeString(file, Base64.getEncoder().encodeToString(key) + "\n");
    return file;
  }
}
