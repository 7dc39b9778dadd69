package dev.samlab.runner.report;

import dev.samlab.runner.io.AtomicFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/** Charts side by side in one PNG, replaced atomically: a failed or stopped write leaves the previous image. */
public final class ChartFile {

    private ChartFile() {}

    public static <T extends Chart<?, ?>> void save(Path file, List<T> charts) throws IOException {
        byte[] png = png(charts);
        AtomicFile.write(file, out -> out.write(png));
    }

    /** The PNG's bytes, drawn before any file is touched, so a chart that cannot be drawn replaces nothing. */
    public static <T extends Chart<?, ?>> byte[] png(List<T> charts) throws IOException {
        return png(charts, 1);
    }

    /** The same, the charts in {@code rows} rows, filled row by row. */
    public static <T extends Chart<?, ?>> byte[] png(List<T> charts, int rows) throws IOException {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        BitmapEncoder.saveBitmap(charts, rows, (charts.size() + rows - 1) / rows, png, BitmapEncoder.BitmapFormat.PNG);
        return png.toByteArray();
    }
}
