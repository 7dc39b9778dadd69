package dev.samlab.models.net;

import dev.samlab.api.model.Model;
import dev.samlab.api.model.ModelContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A classifier declared layer by layer, which {@link #build} turns into a {@link Model} with every SPI method
 * working. The declaration says what the network computes; how is SamLab's business: on the CPU, float32 networks
 * of the layers the oneDNN path covers (bias-free convolutions, batch norm, ReLU, max pooling, residual sums, global
 * average pooling) train and infer on it, the rest on DL4J's graph, from the same parameters. A softmax classifier
 * over the context's classes ends every network.
 *
 * <pre>{@code
 * Network cnn = Network.builder()
 *         .conv(16, 3).batchNorm().relu()
 *         .conv(16, 3).batchNorm().relu().maxPool(2)
 *         .conv(32, 3).batchNorm().relu()
 *         .conv(32, 3).batchNorm().relu().maxPool(2)
 *         .globalAveragePooling()
 *         .build();
 * Model model = cnn.build(context);
 * }</pre>
 *
 * Immutable; one network builds any number of models.
 */
public final class Network {

    private final List<Layer> layers;
    private final Init init;
    private final Init classifierInit;
    private final String sizeKey;

    private Network(Builder builder) {
        this.layers = List.copyOf(builder.layers);
        this.init = builder.init;
        this.classifierInit = builder.classifierInit == null ? builder.init : builder.classifierInit;
        this.sizeKey = builder.sizeKey;
    }

    public static Builder builder() {
        return new Builder(new HashSet<>(), "");
    }

    /** The layers before the classifier, in order. */
    public List<Layer> layers() {
        return layers;
    }

    public Init init() {
        return init;
    }

    /** How the classifier's weights start. */
    public Init classifierInit() {
        return classifierInit;
    }

    /** The config key named when the network's parameters would not fit in memory. */
    public String sizeKey() {
        return sizeKey;
    }

    /** A float32 model for {@code context}'s images and classes, its weights drawn from {@code context.seed()}. */
    public Model build(ModelContext context) {
        return build(context, Precision.FLOAT);
    }

    /** A model in {@code precision}: {@link Precision#DOUBLE} for gradient checks. */
    public Model build(ModelContext context, Precision precision) {
        return NetworkCompiler.compile(this, context, precision);
    }

    /** Declares a network front to back; each method adds a layer, named after its kind within the current scope. */
    public static final class Builder {
        private final Set<String> names;
        private final String scope;
        private final List<Layer> layers = new ArrayList<>();
        private Init init = Init.HE;
        private Init classifierInit;
        private String sizeKey = "model";

        private Builder(Set<String> names, String scope) {
            this.names = names;
            this.scope = scope;
        }

        /** A bias-free {@code kernel}×{@code kernel} convolution to {@code channels} channels, stride 1. */
        public Builder conv(int channels, int kernel) {
            return conv(channels, kernel, 1);
        }

        /** A bias-free convolution (batch norm after it gives each channel its shift); padded by kernel/2. */
        public Builder conv(int channels, int kernel, int stride) {
            return append(new Layer.Conv(name("conv"), channels, kernel, stride, false));
        }

        public Builder batchNorm() {
            return append(new Layer.BatchNorm(name("bn")));
        }

        public Builder relu() {
            return append(new Layer.Relu(name("relu")));
        }

        public Builder maxPool(int size) {
            return append(new Layer.MaxPool(name("maxpool"), size));
        }

        /** Drops each input of the next layer with probability {@code rate} in training. */
        public Builder dropout(double rate) {
            return append(new Layer.Dropout(name("dropout"), rate));
        }

        /** A dense layer with a bias. */
        public Builder dense(int units) {
            return append(new Layer.Dense(name("dense"), units, true));
        }

        public Builder globalAveragePooling() {
            return append(new Layer.GlobalAveragePooling(name("pool")));
        }

        /** {@code x + main(x)}. */
        public Builder residual(Consumer<Builder> main) {
            return residual(main, shortcut -> {});
        }

        /** {@code main(x) + shortcut(x)}; a shortcut that declares nothing is the identity. */
        public Builder residual(Consumer<Builder> main, Consumer<Builder> shortcut) {
            String name = name("add");
            return append(new Layer.Residual(name, nested(scope, main), nested(scope, shortcut)));
        }

        /** Option A's shortcut: subsampled, zero channels appended (inside {@link #residual}'s shortcut). */
        public Builder zeroPaddedShortcut() {
            return append(new Layer.ZeroPaddedShortcut(name("shortcut")));
        }

        /** Declares {@code body}'s layers with names under {@code name/}: {@code stage1/block1/conv}. */
        public Builder scope(String name, Consumer<Builder> body) {
            if (name.isEmpty() || name.contains("/")) {
                throw new IllegalArgumentException("a scope is one plain name, got '" + name + "'");
            }
            layers.addAll(nested(scope + name + "/", body));
            return this;
        }

        /** A layer made by hand, such as a convolution with a bias; its name must be new. */
        public Builder add(Layer layer) {
            Stream.of(layer).flatMap(Builder::withNested).forEach(each -> {
                if (reserved(each.name()) || !names.add(each.name())) {
                    throw new IllegalArgumentException("two layers are named '" + each.name() + "'");
                }
            });
            return append(layer);
        }

        /** How weights start (default {@link Init#HE}). */
        public Builder init(Init init) {
            this.init = init;
            return this;
        }

        /** How the classifier's weights start (default: as the others). */
        public Builder classifierInit(Init init) {
            this.classifierInit = init;
            return this;
        }

        /** The config key that sizes the network, named in the error when it does not fit in memory. */
        public Builder sizedBy(String configKey) {
            this.sizeKey = configKey;
            return this;
        }

        public Network build() {
            return new Network(this);
        }

        private Builder append(Layer layer) {
            layers.add(layer);
            return this;
        }

        private List<Layer> nested(String prefix, Consumer<Builder> body) {
            Builder inner = new Builder(names, prefix);
            body.accept(inner);
            return inner.layers;
        }

        /** {@code kind}, or {@code kind2}, {@code kind3}... where the scope has one already; taken from then on. */
        private String name(String kind) {
            String base = scope + kind;
            String name = base;
            for (int n = 2; names.contains(name) || reserved(name); n++) {
                name = base + n;
            }
            names.add(name);
            return name;
        }

        /** Names the compiler gives the classifier. */
        private static boolean reserved(String name) {
            return name.equals("output");
        }

        private static Stream<Layer> withNested(Layer layer) {
            return layer instanceof Layer.Residual residual
                    ? Stream.concat(
                            Stream.of(layer),
                            Stream.concat(residual.main().stream(), residual.shortcut().stream())
                                    .flatMap(Builder::withNested))
                    : Stream.of(layer);
        }
    }
}
