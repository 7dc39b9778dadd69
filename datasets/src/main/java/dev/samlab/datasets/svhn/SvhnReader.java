package dev.samlab.datasets.svhn;

import dev.samlab.api.data.ImageShape;
import dev.samlab.api.data.LabeledImages;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.types.Array;
import us.hebi.matlab.mat.types.MatFile;
import us.hebi.matlab.mat.types.MatlabType;
import us.hebi.matlab.mat.types.Matrix;

/**
 * Reads an SVHN cropped-digits file: MATLAB v5 (usually compressed) with {@code X}, uint8 of size 32x32x3xN
 * (row, column, channel, image; column-major), and {@code y}, N labels 1-10 where 10 stands for the digit 0.
 */
final class SvhnReader {

    static final ImageShape SHAPE = new ImageShape(3, 32, 32);

    private SvhnReader() {}

    static LabeledImages read(Path file) throws IOException {
        MatFile mat;
        try {
            mat = Mat5.readFromFile(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new IOException(file + ": not a readable MATLAB v5 file (" + e + ")", e);
        }
        Matrix x = variable(mat, file, "X", "the images");
        Matrix y = variable(mat, file, "y", "the labels");
        int[] dims = x.getDimensions();
        if (x.getType() != MatlabType.UInt8 || dims.length != 4 || dims[0] != 32 || dims[1] != 32 || dims[2] != 3) {
            throw new IOException(file + ": X must be uint8 of size 32x32x3xN, found " + x.getType() + " of size "
                    + String.join(
                            "x", Arrays.stream(dims).mapToObj(String::valueOf).toList()));
        }
        int count = dims[3];
        if (y.getNumElements() != count) {
            throw new IOException(
                    file + ": X holds " + count + " images but y holds " + y.getNumElements() + " labels");
        }
        int[] labels = new int[count];
        for (int n = 0; n < count; n++) {
            double label = y.getDouble(n);
            if (label != Math.rint(label) || label < 1 || label > 10) {
                throw new IOException(file + ": y(" + (n + 1) + ") is " + label + ", expected a whole number 1-10");
            }
            labels[n] = (int) label % 10;
        }
        return new LabeledImages(SHAPE, planar(x, count), labels);
    }

    /** Column-major (row, column, channel, image) to planar image-major (image, channel, row, column). */
    private static byte[] planar(Matrix x, int count) {
        byte[] pixels = new byte[count * SHAPE.size()];
        int plane = SHAPE.height() * SHAPE.width();
        for (int n = 0; n < count; n++) {
            for (int c = 0; c < SHAPE.channels(); c++) {
                for (int col = 0; col < SHAPE.width(); col++) {
                    int source = n * SHAPE.size() + c * plane + col * SHAPE.height();
                    int target = n * SHAPE.size() + c * plane + col;
                    for (int row = 0; row < SHAPE.height(); row++) {
                        pixels[target + row * SHAPE.width()] = x.getByte(source + row);
                    }
                }
            }
        }
        return pixels;
    }

    private static Matrix variable(MatFile mat, Path file, String name, String meaning) throws IOException {
        List<String> names = new ArrayList<>();
        for (MatFile.Entry entry : mat.getEntries()) {
            names.add(entry.getName());
            if (entry.getName().equals(name)) {
                Array value = entry.getValue();
                if (!(value instanceof Matrix matrix)) {
                    throw new IOException(file + ": " + name + " (" + meaning + ") is a " + value.getType()
                            + ", expected a numeric matrix");
                }
                return matrix;
            }
        }
        throw new IOException(file + ": no variable " + name + " (" + meaning + "); the file holds " + names);
    }
}
