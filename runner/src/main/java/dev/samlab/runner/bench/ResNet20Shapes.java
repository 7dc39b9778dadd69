package dev.samlab.runner.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The trainable tensor shapes of ResNet-20 (He et al. 2015, option-A shortcuts, 10 classes): 269,722 values in
 * 59 tensors. Optimizer benchmarks use them so that per-tensor overheads are counted as in the real model.
 */
final class ResNet20Shapes {

    private ResNet20Shapes() {
    }

    static Map<String, long[]> shapes() {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        convAndNorm(shapes, "stem", 16, 3);
        int in = 16;
        for (int width : new int[] {16, 32, 64}) {
            for (int block = 0; block < 3; block++) {
                String name = "stage" + width + "/block" + block;
                convAndNorm(shapes, name + "/a", width, in);
                convAndNorm(shapes, name + "/b", width, width);
                in = width;
            }
        }
        shapes.put("fc/W", new long[] {64, 10});
        shapes.put("fc/b", new long[] {10});
        return shapes;
    }

    private static void convAndNorm(Map<String, long[]> shapes, String name, int out, int in) {
        shapes.put(name + "/conv/W", new long[] {out, in, 3, 3});
        shapes.put(name + "/bn/gamma", new long[] {out});
        shapes.put(name + "/bn/beta", new long[] {out});
    }
}
