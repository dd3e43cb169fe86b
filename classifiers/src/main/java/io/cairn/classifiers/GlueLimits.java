package io.cairn.classifiers;

import java.util.regex.Pattern;

/** The limits Glue's CreateClassifier puts on names and on CSV header names. */
final class GlueLimits {
  /** Glue's single-line string pattern, 1 to 255 characters: no line breaks. */
  static final Pattern NAME =
      Pattern.compile("[\\u0020-\\uD7FF\\uE000-\\uFFFD\\uD800\\uDC00-\\uDBFF\\uDFFF\\t]{1,255}");

  private GlueLimits() {}
}
