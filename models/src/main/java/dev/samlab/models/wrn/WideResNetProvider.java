package dev.samlab.models.wrn;

import dev.samlab.api.model.Model;
import dev.samlab.api.model.ModelContext;
import dev.samlab.api.model.ModelProvider;
import dev.samlab.models.net.Precision;

/** {@code model: { name: wrn, depth: 16, widen: 8, dropout: 0 }}: wide residual networks. */
public final class WideResNetProvider implements ModelProvider<WideResNetConfig> {

    @Override
    public String name() {
        return "wrn";
    }

    @Override
    public String description() {
        return "wide ResNet-depth-widen of Zagoruyko and Komodakis 2016 (WRN-16-8, WRN-28-10; dropout)";
    }

    @Override
    public Class<WideResNetConfig> configType() {
        return WideResNetConfig.class;
    }

    @Override
    public Model create(WideResNetConfig config, ModelContext context) {
        return WideResNetNetwork.of(config).build(context, Precision.of(config.precision(), "precision"));
    }
}
