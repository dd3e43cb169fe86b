package io.cairn.classifiers;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;

/**
 * A sample decoded as UTF-8 text for the classifiers of text formats, with the byte offsets of its
 * characters so that record sizes are counted in stored bytes.
 */
final class SampleText {
  private static final String BYTE_ORDER_MARK = "\uFEFF";

  private final String text;
  private final int skippedBytes;

  private SampleText(String text, int skippedBytes) {
    this.text = text;
    this.skippedBytes = skippedBytes;
  }

  /**
   * Decodes the sample as lines; a leading byte order mark is dropped. When the sample is not
   * complete the text ends with its last line break: the sample limit may have cut the last line,
   * and a character, in two.
   *
   * @throws CharacterCodingException when the content is not UTF-8
   */
  static SampleText decode(FileSample sample) throws CharacterCodingException {
    byte[] bytes = sample.bytes();
    int length = bytes.length;
    if (!sample.isComplete()) {
      while (length > 0 && bytes[length - 1] != '\n') {
        length--;
      }
    }
    return decode(bytes, length);
  }

  /**
   * Decodes the whole sample, for formats whose records need not end lines; when the sample is not
   * complete, a character cut in two by the sample limit is dropped.
   *
   * @throws CharacterCodingException when the content is not UTF-8
   */
  static SampleText decodeWhole(FileSample sample) throws CharacterCodingException {
    byte[] bytes = sample.bytes();
    int length = bytes.length;
    if (!sample.isComplete()) {
      int lead = length - 1;
      while (lead >= 0 && length - lead < 4 && (bytes[lead] & 0xC0) == 0x80) {
        lead--;
      }
      if (lead >= 0) {
        int first = bytes[lead] & 0xFF;
        int needed = first >= 0xF0 ? 4 : first >= 0xE0 ? 3 : first >= 0xC0 ? 2 : 1;
        if (length - lead < needed) {
          length = lead;
        }
      }
    }
    return decode(bytes, length);
  }

  private static SampleText decode(byte[] bytes, int length) throws CharacterCodingException {
    String text =
        UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(bytes, 0, length))
            .toString();
    if (text.startsWith(BYTE_ORDER_MARK)) {
      return new SampleText(text.substring(1), 3);
    }
    return new SampleText(text, 0);
  }

  String text() {
    return text;
  }

  /** The number of stored bytes before the character at {@code index}. */
  long bytesBefore(int index) {
    long bytes = skippedBytes;
    for (int i = 0; i < index; i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < index) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }
}
