package dev.ballast.simulator.internal;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One request and its reply on a Netty channel, as the JDK's {@link HttpExchange}, so the endpoints
 * are written against one API whichever server carries them. The request arrives whole (headers and
 * body); the reply is buffered and written as one response, with {@code Content-Length}, when the
 * exchange or its response body is closed. Closing an exchange that sent no status closes the
 * connection, as the JDK server does. Used by one thread at a time; the write may happen on any
 * thread.
 */
final class NettyExchange extends HttpExchange {

  private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME;
  private static volatile CachedDate date = new CachedDate(0, "");

  private final Channel channel;
  private final String method;
  private final URI uri;
  private final Headers requestHeaders = new Headers();
  private final Headers responseHeaders = new Headers();
  private final byte[] requestBody;
  private final boolean keepAlive;
  private final Map<String, Object> attributes = new ConcurrentHashMap<>(2);
  private final ByteArrayOutputStream responseBody = new ByteArrayOutputStream();
  private final OutputStream responseStream =
      new OutputStream() {
        @Override
        public void write(int b) {
          responseBody.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
          responseBody.write(b, off, len);
        }

        @Override
        public void close() {
          NettyExchange.this.close();
        }
      };
  private int status = -1;
  private boolean closed;

  /**
   * @param uri the request target, parsed
   * @param request the whole request; its body is copied, the caller releases it
   */
  NettyExchange(Channel channel, FullHttpRequest request, URI uri) {
    this.channel = channel;
    this.method = request.method().name();
    this.uri = uri;
    request.headers().forEach(h -> requestHeaders.add(h.getKey(), h.getValue()));
    byte[] body = new byte[request.content().readableBytes()];
    request.content().getBytes(request.content().readerIndex(), body);
    this.requestBody = body;
    this.keepAlive = HttpUtil.isKeepAlive(request);
  }

  @Override
  public Headers getRequestHeaders() {
    return requestHeaders;
  }

  @Override
  public Headers getResponseHeaders() {
    return responseHeaders;
  }

  @Override
  public URI getRequestURI() {
    return uri;
  }

  @Override
  public String getRequestMethod() {
    return method;
  }

  @Override
  public HttpContext getHttpContext() {
    return null;
  }

  @Override
  public InputStream getRequestBody() {
    return new ByteArrayInputStream(requestBody);
  }

  @Override
  public OutputStream getResponseBody() {
    return responseStream;
  }

  /**
   * Records the status; {@code responseLength} is not checked: the reply goes out with the length
   * of what was written.
   *
   * @throws IOException when a status was already sent
   */
  @Override
  public void sendResponseHeaders(int code, long responseLength) throws IOException {
    if (status >= 0) {
      throw new IOException("headers already sent");
    }
    status = code;
  }

  /** Writes the reply (or closes the connection when no status was sent). Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (status < 0) {
      channel.close();
      return;
    }
    FullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            HttpResponseStatus.valueOf(status),
            Unpooled.wrappedBuffer(responseBody.toByteArray()));
    for (Map.Entry<String, List<String>> h : responseHeaders.entrySet()) {
      response.headers().add(h.getKey(), h.getValue());
    }
    send(channel, response, keepAlive);
  }

  /**
   * Writes {@code response} with {@code Date}, {@code Content-Length} (its content's) and {@code
   * Connection} set, then closes the connection unless {@code keepAlive}. Any thread.
   */
  static void send(Channel channel, FullHttpResponse response, boolean keepAlive) {
    response.headers().set(HttpHeaderNames.DATE, now());
    response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
    if (keepAlive) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
      channel.writeAndFlush(response, channel.voidPromise());
    } else {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      channel.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
  }

  @Override
  public InetSocketAddress getRemoteAddress() {
    return (InetSocketAddress) channel.remoteAddress();
  }

  @Override
  public int getResponseCode() {
    return status;
  }

  @Override
  public InetSocketAddress getLocalAddress() {
    return (InetSocketAddress) channel.localAddress();
  }

  @Override
  public String getProtocol() {
    return "HTTP/1.1";
  }

  @Override
  public Object getAttribute(String name) {
    return attributes.get(name);
  }

  @Override
  public void setAttribute(String name, Object value) {
    if (value == null) {
      attributes.remove(name);
    } else {
      attributes.put(name, value);
    }
  }

  /** Not supported: the streams are the exchange's own. */
  @Override
  public void setStreams(InputStream i, OutputStream o) {
    throw new UnsupportedOperationException("setStreams");
  }

  @Override
  public HttpPrincipal getPrincipal() {
    return null;
  }

  /** The {@code Date} header's value, formatted once per second. */
  private static String now() {
    long second = System.currentTimeMillis() / 1000;
    CachedDate d = date;
    if (d.second != second) {
      d =
          new CachedDate(
              second,
              HTTP_DATE.format(
                  ZonedDateTime.ofInstant(
                      java.time.Instant.ofEpochSecond(second), ZoneOffset.UTC)));
      date = d;
    }
    return d.value;
  }

  private record CachedDate(long second, String value) {}
}
