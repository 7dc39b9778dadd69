package dev.samlab.datasets.svhn;

import java.io.IOException;
import java.nio.file.Path;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.types.MatFile;
import us.hebi.matlab.mat.types.MatlabType;
import us.hebi.matlab.mat.types.Matrix;

/**
 * Writes SVHN files as the originals are: compressed MATLAB v5 with X (uint8, 32x32x3xN, column-major) and y
 * (double, Nx1, labels 1-10). Pixel values and labels follow formulas, so misplaced axes are caught.
 */
public final class SvhnFiles {

    private SvhnFiles() {}

    /** The digit of image n of a file whose images are numbered from {@code first}. */
    public static int digit(int n) {
        return (n * 3 + 1) % 10;
    }

    public static int pixel(int n, int channel, int row, int column) {
        return (n + 60 * channel + 7 * row + column) % 256;
    }

    public static Path write(Path file, int first, int count) throws IOException {
        Matrix x = Mat5.newMatrix(new int[] {32, 32, 3, count}, MatlabType.UInt8);
        Matrix y = Mat5.newMatrix(count, 1);
        for (int i = 0; i < count; i++) {
            int n = first + i;
            y.setDouble(i, digit(n) == 0 ? 10 : digit(n));
            for (int c = 0; c < 3; c++) {
                for (int row = 0; row < 32; row++) {
                    for (int col = 0; col < 32; col++) {
                        x.setByte(new int[] {row, col, c, i}, (byte) pixel(n, c, row, col));
                    }
                }
            }
        }
        return write(file, Mat5.newMatFile().addArray("X", x).addArray("y", y));
    }

    public static Path write(Path file, MatFile mat) throws IOException {
        Mat5.writeToFile(mat, file.toFile());
        return file;
    }
}
