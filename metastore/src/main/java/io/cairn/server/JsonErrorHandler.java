package io.cairn.server;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors that Jetty answers itself (malformed requests, ambiguous URIs, oversized headers) in the
 * server's JSON error shape instead of Jetty's HTML page; never with a stack trace.
 */
final class JsonErrorHandler extends ErrorHandler {

  @Override
  protected void generateResponse(
      Request request,
      Response response,
      int code,
      String message,
      Throwable cause,
      Callback callback) {
    HttpResponse error = HttpResponse.error(code, type(code), text(code, message));
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, error.contentType());
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, error.body().length);
    response.write(true, ByteBuffer.wrap(error.body()), callback);
  }

  private static String type(int code) {
    String reason = HttpStatus.getMessage(code);
    return reason == null ? "HttpError" : reason.replace(" ", "");
  }

  /** Jetty's messages for 4xx describe the request; for 5xx they may describe internals. */
  private static String text(int code, String message) {
    if (code >= 500 || message == null || message.isBlank()) {
      return HttpStatus.getMessage(code);
    }
    return message;
  }
}
