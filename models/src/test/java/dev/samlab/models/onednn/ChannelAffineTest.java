package dev.samlab.models.onednn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.samlab.api.data.ImageShape;
import dev.samlab.api.model.ModelContext;
import dev.samlab.models.dl4j.GraphModel;
import dev.samlab.models.resnet.ResNetConfig;
import dev.samlab.models.resnet.ResNetProvider;
import org.deeplearning4j.nn.api.Layer;
import org.junit.jupiter.api.Test;

class ChannelAffineTest {

    @Test
    void foldsInferenceModeBatchNormIntoAScaleAndShift() {
        try (GraphModel model = (GraphModel) new ResNetProvider()
                .create(new ResNetConfig(8, "A", 2, "float", null), new ModelContext(new ImageShape(3, 8, 8), 10, 1))) {
            Layer norm = model.graph().getLayer("stem/bn");
            norm.getParam("gamma").putScalar(0, 2.0);
            norm.getParam("beta").putScalar(0, 1.0);
            norm.getParam("mean").putScalar(0, 0.5);
            norm.getParam("log10stdev").putScalar(0, -2.0); // σ = 0.01, variance 1e-4; DL4J's ε is 1e-5

            ChannelAffine.Folding folding = ChannelAffine.batchNorm(norm).folding();

            double scale = 2.0 / Math.sqrt(1e-4 + 1e-5); // 190.693
            assertThat((double) folding.scale()[0]).isCloseTo(scale, within(1e-3));
            assertThat((double) folding.shift()[0]).isCloseTo(1.0 - 0.5 * scale, within(1e-4));
            assertThat(folding.scale()).hasSize(2);
        }
    }

    @Test
    void identityLeavesEveryChannelAlone() {
        ChannelAffine.Folding folding = ChannelAffine.identity(3).folding();
        assertThat(folding.scale()).containsExactly(1f, 1f, 1f);
        assertThat(folding.shift()).containsExactly(0f, 0f, 0f);
    }
}
