package io.seedrpc.codec.protobuf;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.ExtensionRegistryLite;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.WireFormat;
import io.seedrpc.codec.CodecException;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The body layout: itself a protobuf message whose field {@code n} holds the {@code n}-th value (argument, or the
 * one result) as an embedded message, and whose absent fields are {@code null} values. In {@code .proto} terms a
 * call of {@code m(A a, B b)} sends {@code message Arguments { A a = 1; B b = 2; }} and answers
 * {@code message Result { R value = 1; }}, so any protobuf runtime can read and write it.
 *
 * <p>Decoding is stricter than protobuf's merging rules, because the layout is ours: a field past the last
 * value, a field that is not length-delimited, or a value given twice is an error naming the field. What is
 * inside each value is parsed by the message's own parser, which keeps fields it does not know (a newer schema's)
 * and refuses malformed input; lengths are checked against the body before anything is allocated from them.
 */
final class Bodies {

    private Bodies() {
    }

    /** The body holding {@code values}, each an instance of the corresponding type or {@code null}. */
    static byte[] encode(Object[] values, MessageType[] types) {
        long total = 0;
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null) {
                MessageLite message = message(values[i], types[i]);
                total += CodedOutputStream.computeMessageSize(i + 1, message);
            }
        }
        if (total > Integer.MAX_VALUE - 16) {
            throw new CodecException("the values take " + total + " bytes, more than a body can hold");
        }
        byte[] body = new byte[(int) total];
        CodedOutputStream output = CodedOutputStream.newInstance(body);
        try {
            for (int i = 0; i < values.length; i++) {
                if (values[i] != null) {
                    output.writeMessage(i + 1, (MessageLite) values[i]);
                }
            }
            output.checkNoSpaceLeft();
        } catch (IOException | RuntimeException e) {
            // A message that changed while it was written (messages are immutable, builders are not messages).
            throw new CodecException("cannot encode a protobuf body: " + e.getMessage(), e);
        }
        return body;
    }

    private static MessageLite message(Object value, MessageType type) {
        if (!type.javaClass().isInstance(value)) {
            throw new CodecException("a " + value.getClass().getName() + " cannot be written as "
                    + type.javaClass().getName());
        }
        return (MessageLite) value;
    }

    /**
     * The rest of {@code in}. A frame's stream knows how much it holds, so this is usually one exact allocation
     * rather than {@code readAllBytes}'s growing buffers; a stream that knows less is read to its end all the same.
     */
    static byte[] readAll(InputStream in) throws IOException {
        int available = in.available();
        if (available <= 0) {
            return in.readAllBytes();
        }
        byte[] head = in.readNBytes(available);
        int next = in.read();
        if (next < 0) {
            return head;
        }
        byte[] rest = in.readAllBytes();
        byte[] all = Arrays.copyOf(head, head.length + 1 + rest.length);
        all[head.length] = (byte) next;
        System.arraycopy(rest, 0, all, head.length + 1, rest.length);
        return all;
    }

    /** The values {@link #encode} wrote, one per type; {@code null} where the body has none. */
    static Object[] decode(byte[] body, MessageType[] types) {
        Object[] values = new Object[types.length];
        CodedInputStream input = CodedInputStream.newInstance(body);
        int field = 0;
        try {
            for (int tag = input.readTag(); tag != 0; tag = input.readTag()) {
                field = WireFormat.getTagFieldNumber(tag);
                int wireType = WireFormat.getTagWireType(tag);
                if (field > types.length) {
                    throw new CodecException("the body holds value " + field + " but only " + types.length
                            + (types.length == 1 ? " is" : " are") + " declared");
                }
                if (wireType != WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                    throw new CodecException("value " + field + " (" + types[field - 1].javaClass().getName()
                            + ") is not an embedded message: its wire type is " + wireType + ", not 2");
                }
                if (values[field - 1] != null) {
                    throw new CodecException("value " + field + " (" + types[field - 1].javaClass().getName()
                            + ") appears twice in the body");
                }
                MessageLite value = readValue(input, body.length, field, types[field - 1]);
                if (!value.isInitialized()) {
                    throw new CodecException("value " + field + " (" + types[field - 1].javaClass().getName()
                            + ") lacks required fields");
                }
                values[field - 1] = value;
            }
        } catch (InvalidProtocolBufferException e) {
            throw new CodecException("malformed protobuf body" + where(field, types) + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new CodecException("malformed protobuf body" + where(field, types) + ": " + e, e);
        }
        return values;
    }

    /** Reads one length-delimited value, its length checked against the body first so that the error says so. */
    private static MessageLite readValue(CodedInputStream input, int bodyLength, int field, MessageType type)
            throws IOException {
        int length = input.readRawVarint32();
        int left = bodyLength - input.getTotalBytesRead();
        if (length < 0 || length > left) {
            throw new CodecException("value " + field + " (" + type.javaClass().getName() + ") claims "
                    + Integer.toUnsignedString(length) + " bytes but the body holds only " + left + " more");
        }
        int outer = input.pushLimit(length);
        MessageLite value = type.parser().parsePartialFrom(input, ExtensionRegistryLite.getEmptyRegistry());
        input.checkLastTagWas(0);
        input.popLimit(outer);
        return value;
    }

    private static String where(int field, MessageType[] types) {
        if (field < 1 || field > types.length) {
            return "";
        }
        return " in value " + field + " (" + types[field - 1].javaClass().getName() + ")";
    }
}
