package io.labelstream.cleaning;

import io.labelstream.schemas.events.RejectReason;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The format and the pixel dimensions an image file declares, read from its first bytes without ImageIO. ImageIO's
 * readers cannot be trusted to report a declared size before they allocate for it: the BMP reader builds its sample
 * model for the whole canvas while reading the header and fails on a huge one, so the size has to be known first.
 *
 * @param format the ImageIO format name: {@code png}, {@code jpeg}, {@code gif} or {@code bmp}
 * @param width  declared width; zero or less for a file that declares no pixels
 * @param height declared height; zero or less for a file that declares no pixels
 * @param bitsPerPixel what a PNG's rows hold per pixel, which its decoder inflates and unfilters in full whatever
 *                     share of the pixels it keeps; zero for the other formats, whose decoding cost their encoded
 *                     size and pixel count bound
 */
record ImageHeader(String format, long width, long height, int bitsPerPixel) {

    ImageHeader(final String format, final long width, final long height) {
        this(format, width, height, 0);
    }

    /** The bytes a PNG's rows inflate to; zero for the other formats. */
    long decodedBytes() {
        return width * height * bitsPerPixel / 8;
    }

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    /** The header of a PNG, JPEG, GIF or BMP file; anything else, or a header cut short, is undecodable. */
    static ImageHeader of(final byte[] file) {
        final ByteBuffer bytes = ByteBuffer.wrap(file);
        try {
            if (startsWith(file, PNG_SIGNATURE)) {
                return png(bytes);
            }
            if (startsWith(file, (byte) 0xFF, (byte) 0xD8)) {
                return jpeg(bytes);
            }
            if (startsWith(file, (byte) 'G', (byte) 'I', (byte) 'F', (byte) '8')) {
                return gif(bytes.order(ByteOrder.LITTLE_ENDIAN));
            }
            if (startsWith(file, (byte) 'B', (byte) 'M')) {
                return bmp(bytes.order(ByteOrder.LITTLE_ENDIAN));
            }
        } catch (final BufferUnderflowException | IndexOutOfBoundsException | IllegalArgumentException e) {
            // a read or a skip past the last byte
            throw undecodable("The image ends before its header says how large it is.");
        }
        throw undecodable("The bytes are not a PNG, JPEG, GIF or BMP image.");
    }

    /**
     * The IHDR chunk, which must come first: width and height as unsigned 32-bit integers, then the bit depth and the
     * colour type, which says how many samples a pixel has.
     */
    private static ImageHeader png(final ByteBuffer bytes) {
        if (bytes.getInt(12) != 0x49484452) {
            throw undecodable("The PNG does not start with its IHDR chunk.");
        }
        final int bitDepth = bytes.get(24) & 0xFF;
        final int samples = switch (bytes.get(25)) {
            case 0, 3 -> 1;
            case 4 -> 2;
            case 2 -> 3;
            case 6 -> 4;
            default -> throw undecodable("The PNG declares an unknown colour type " + bytes.get(25) + ".");
        };
        return new ImageHeader("png", Integer.toUnsignedLong(bytes.getInt(16)), Integer.toUnsignedLong(bytes.getInt(20)),
                bitDepth * samples);
    }

    /**
     * The first frame header (SOF0 to SOF15), found by walking the marker segments; ImageIO decodes that frame.
     * A height of 0 (to be set later by a DNL segment) is reported as is.
     */
    private static ImageHeader jpeg(final ByteBuffer bytes) {
        bytes.position(2);
        while (true) {
            if (bytes.get() != (byte) 0xFF) {
                throw undecodable("The JPEG has no frame header.");
            }
            int marker = bytes.get() & 0xFF;
            while (marker == 0xFF) {
                marker = bytes.get() & 0xFF;
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                continue;
            }
            if (marker == 0xD9 || marker == 0xDA) {
                throw undecodable("The JPEG has no frame header.");
            }
            final int length = bytes.getShort() & 0xFFFF;
            if (isStartOfFrame(marker)) {
                final int start = bytes.position() + 1;
                return new ImageHeader("jpeg", bytes.getShort(start + 2) & 0xFFFF, bytes.getShort(start) & 0xFFFF);
            }
            if (length < 2) {
                throw undecodable("The JPEG has a segment of length " + length + ".");
            }
            bytes.position(bytes.position() + length - 2);
        }
    }

    /** C4 (DHT), C8 (JPG) and CC (DAC) share the range of the frame markers but are none. */
    private static boolean isStartOfFrame(final int marker) {
        return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    }

    /**
     * The first image descriptor, after the logical screen, its colour table and any extension blocks: ImageIO
     * allocates that frame's size, which may exceed the logical screen's.
     */
    private static ImageHeader gif(final ByteBuffer bytes) {
        final int screenFlags = bytes.get(10) & 0xFF;
        bytes.position(13 + ((screenFlags & 0x80) == 0 ? 0 : 3 << ((screenFlags & 0x07) + 1)));
        while (true) {
            final int block = bytes.get() & 0xFF;
            if (block == 0x2C) {
                final int start = bytes.position();
                return new ImageHeader("gif", bytes.getShort(start + 4) & 0xFFFF, bytes.getShort(start + 6) & 0xFFFF);
            }
            if (block != 0x21) {
                throw undecodable("The GIF has no image.");
            }
            bytes.get();
            for (int size = bytes.get() & 0xFF; size != 0; size = bytes.get() & 0xFF) {
                bytes.position(bytes.position() + size);
            }
        }
    }

    /**
     * The DIB header after the 14-byte file header: 16-bit sizes in the 12-byte OS/2 core header, signed 32-bit
     * sizes in all later ones, where a negative height means rows stored top-down.
     */
    private static ImageHeader bmp(final ByteBuffer bytes) {
        if (bytes.getInt(14) == 12) {
            return new ImageHeader("bmp", bytes.getShort(18) & 0xFFFF, bytes.getShort(20) & 0xFFFF);
        }
        return new ImageHeader("bmp", bytes.getInt(18), Math.abs((long) bytes.getInt(22)));
    }

    private static boolean startsWith(final byte[] file, final byte... prefix) {
        if (file.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (file[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static ItemRejectedException undecodable(final String detail) {
        return new ItemRejectedException(RejectReason.UNDECODABLE_IMAGE, detail);
    }
}
