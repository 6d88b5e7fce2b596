package dev.ballast.sqsbridge.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ballast.client.JsonCodec;
import dev.ballast.schemas.InferenceRequest;
import java.util.Map;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * An SQS message to a request. The body is the JSON {@code ballast submit} reads (one object); a
 * request without {@code id} takes the message id (stable across redeliveries, so a redelivered
 * message is the same request); a FIFO message's {@code MessageGroupId} becomes the conversation id
 * unless the body names one. The bridge's name and the reply queue go in the metadata, so the
 * result carries them back. Stateless and thread-safe.
 */
public final class MessageDecoder {

  /** Metadata key naming the bridge that sent the request. */
  public static final String BRIDGE = "ballast.sqs.bridge";

  /** Metadata key of the reply queue named in the message's {@code ReplyTo} attribute. */
  public static final String REPLY_TO = "ballast.sqs.replyTo";

  /** The message attribute naming the reply queue (URL or name). */
  public static final String REPLY_TO_ATTRIBUTE = "ReplyTo";

  private final String bridge;
  private final String defaultRoute;

  public MessageDecoder(String bridge, String defaultRoute) {
    this.bridge = bridge;
    this.defaultRoute = defaultRoute;
  }

  /**
   * The request in {@code message}.
   *
   * @throws IllegalArgumentException saying what is wrong with the body (never quoting it)
   */
  public InferenceRequest decode(Message message) {
    JsonNode json;
    try {
      json = JsonCodec.MAPPER.readTree(message.body());
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "body is not JSON (line "
              + e.getLocation().getLineNr()
              + ", column "
              + e.getLocation().getColumnNr()
              + ")");
    }
    if (json == null || !json.isObject()) {
      throw new IllegalArgumentException("body must be one JSON object");
    }
    ObjectNode body = (ObjectNode) json;
    if (!body.has("id")) {
      body.put("id", message.messageId());
    }
    String group = message.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID);
    if (group != null && !body.has("conversationId")) {
      body.put("conversationId", group);
    }
    JsonNode metadata = body.path("metadata");
    if (!metadata.isMissingNode() && !metadata.isObject()) {
      throw new IllegalArgumentException("'metadata' must be an object");
    }
    ObjectNode meta = metadata.isObject() ? (ObjectNode) metadata : body.putObject("metadata");
    meta.put(BRIDGE, bridge);
    MessageAttributeValue replyTo = message.messageAttributes().get(REPLY_TO_ATTRIBUTE);
    if (replyTo != null && replyTo.stringValue() != null && !replyTo.stringValue().isBlank()) {
      meta.put(REPLY_TO, replyTo.stringValue());
    }
    return JsonCodec.request(body, defaultRoute);
  }

  /** The bridge that sent a request with {@code metadata}, or null. */
  public static String bridgeOf(Map<String, String> metadata) {
    return metadata.get(BRIDGE);
  }
}
