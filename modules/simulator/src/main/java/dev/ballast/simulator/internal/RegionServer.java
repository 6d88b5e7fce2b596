package dev.ballast.simulator.internal;

import dev.ballast.simulator.ErrorType;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * The HTTP/1.1 server of one simulated region, on Netty's HTTP codec: each request is read whole
 * (at most {@link HttpBodies#MAX_BODY} bytes of body) and handed to the {@link Router} on the event
 * loop that read it, as an {@link NettyExchange}. Model calls never block there (a delayed reply is
 * a task on the simulator's scheduler); the {@link Router} hands admin requests to the admin
 * thread. Created started; {@link #stop()} closes the socket and every connection. Thread-safe.
 */
final class RegionServer {

  /** Pending connections the OS queues before accepting: room for 1,000+ concurrent clients. */
  private static final int BACKLOG = 2048;

  /** Longest request line and header block accepted, bytes. */
  private static final int MAX_HEAD = 64 * 1024;

  private final String region;
  private final Channel server;
  private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private final URI uri;

  /**
   * @param loops the event loops that accept, read and write; shared by the simulator's regions
   * @throws UncheckedIOException when the port cannot be bound, naming the region and address
   */
  RegionServer(String region, InetAddress bind, int port, Router router, EventLoopGroup loops) {
    this.region = region;
    ServerBootstrap bootstrap =
        new ServerBootstrap()
            .group(loops)
            .channel(NioServerSocketChannel.class)
            .option(ChannelOption.SO_BACKLOG, BACKLOG)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    connections.add(ch);
                    ch.pipeline()
                        .addLast(new HttpServerCodec(MAX_HEAD, MAX_HEAD, 64 * 1024))
                        .addLast(new BodyLimit())
                        .addLast(new Requests(router));
                  }
                });
    try {
      server = bootstrap.bind(new InetSocketAddress(bind, port)).sync().channel();
    } catch (Exception e) {
      if (e instanceof BindException) {
        throw new UncheckedIOException(
            "region "
                + region
                + ": cannot listen on "
                + bind.getHostAddress()
                + ":"
                + port
                + " ("
                + e.getMessage()
                + ")",
            (BindException) e);
      }
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new UncheckedIOException(
          "region " + region + ": cannot start its server", new IOException(e.toString(), e));
    }
    String host = bind.getHostAddress();
    if (bind.isAnyLocalAddress()) {
      host = "127.0.0.1";
    } else if (host.contains(":")) {
      host = "[" + host + "]";
    }
    uri = URI.create("http://" + host + ":" + port());
  }

  String region() {
    return region;
  }

  URI uri() {
    return uri;
  }

  int port() {
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  /** Closes the listening socket and every open connection, and waits for both. */
  void stop() {
    server.close().syncUninterruptibly();
    connections.close().awaitUninterruptibly();
  }

  /** Reads a request whole, answering one over the size limit as Bedrock does (400). */
  private static final class BodyLimit extends HttpObjectAggregator {
    BodyLimit() {
      super(HttpBodies.MAX_BODY);
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
      Reply reply = BedrockReplies.error(ErrorType.VALIDATION, HttpBodies.tooLarge().getMessage());
      DefaultFullHttpResponse response =
          new DefaultFullHttpResponse(
              HttpVersion.HTTP_1_1,
              HttpResponseStatus.valueOf(reply.status()),
              Unpooled.wrappedBuffer(reply.body()));
      reply.headers().forEach((k, v) -> response.headers().set(k, v));
      // The aggregator reads and drops the rest of the body; a kept-alive connection stays open.
      NettyExchange.send(ctx.channel(), response, HttpUtil.isKeepAlive(oversized));
    }
  }

  /** Hands each whole request to the router; a request Netty could not parse gets a 400. */
  private static final class Requests extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final Router router;

    Requests(Router router) {
      this.router = router;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
      URI target = null;
      if (request.decoderResult().isSuccess()) {
        try {
          target = new URI(request.uri());
        } catch (URISyntaxException e) {
          target = null;
        }
      }
      if (target == null) {
        NettyExchange.send(
            ctx.channel(),
            new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.BAD_REQUEST),
            false);
        return;
      }
      router.handle(new NettyExchange(ctx.channel(), request, target));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close(); // a reset or a read error: the client went away
    }
  }
}
