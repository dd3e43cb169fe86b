package io.cairn.glue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import software.amazon.awssdk.services.glue.model.GlueException;

/** How the Glue ITs check an error answer: AWS's client raises it with Glue's code and message. */
final class GlueErrors {
  private GlueErrors() {}

  /** {@code call} fails with the Glue error {@code type} whose message contains {@code message}. */
  static void assertError(ThrowingCallable call, String type, String message) {
    GlueException error = catchThrowableOfType(GlueException.class, call);
    assertThat(error).as("expected " + type).isNotNull();
    assertThat(error.awsErrorDetails().errorCode()).isEqualTo(type);
    assertThat(error.awsErrorDetails().errorMessage()).containsIgnoringCase(message);
  }
}
