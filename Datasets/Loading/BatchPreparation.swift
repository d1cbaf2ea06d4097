extension DataLoader {
    /// What the producers of epoch `epoch` share, or nil when it has no batch. The sample shape is that of sample
    /// 0 (the same on every rank and in every epoch); every stage is checked against it here, so that a crop of
    /// the wrong size or a normalisation of other channels is an error before the first batch.
    func plan(epoch: Int) throws(DatasetError) -> EpochPlan? {
        guard batchesPerEpoch > 0 else { return nil }
        let shape = try dataset.sampleShape(at: 0)
        for step in augmentation { try step.checkFits(shape) }
        if let normalization, !normalization.fits(shape) {
            throw .unfitStage(reason: "the normalisation has \(normalization.mean.count) means and stds, but the "
                                  + "samples are \(shape): give one per channel (or one for all)")
        }
        return EpochPlan(epoch: epoch, order: order(epoch: epoch), sampleShape: shape, batchCount: batchesPerEpoch)
    }

    /// Prepares this rank's slice of global batch `number` into `batch`, each sample through the three stages in
    /// its slice of `batch.images`: decode, augment (drawing from the sample's generator), normalise. `batch`'s
    /// storage is reused when its shape allows (every batch but the last, in steady state), and `scratch` holds at
    /// least one sample: nothing is allocated. The one function both the synchronous and the threaded paths call,
    /// so they cannot differ.
    func prepare(_ batch: inout Batch, number: Int, plan: EpochPlan, scratch: inout [Float]) throws(DatasetError) {
        let global = globalPositions(ofBatch: number)
        let positions = shard.slice(of: global)
        let shape = plan.sampleShape
        batch.reset(count: positions.count, sampleShape: shape, globalCount: global.count)
        try batch.images.scalars.withUnsafeMutableBufferPointer { images throws(DatasetError) in
            try scratch.withUnsafeMutableBufferPointer { scratch throws(DatasetError) in
                for position in positions {
                    let start = (position &- positions.lowerBound) &* shape.count
                    let sample = UnsafeMutableBufferPointer(rebasing: images[start ..< start &+ shape.count])
                    try dataset.writeTensor(at: plan.order[position], into: sample, shape: shape)
                    if !augmentation.isEmpty {
                        var random = sampleGenerator(epoch: plan.epoch, position: position)
                        // Indexed, not `for step in`: a debug build's array iterator copies each existential step
                        // out through a heap-allocated coroutine frame.
                        for step in augmentation.indices {
                            augmentation[step].augment(sample, shape: shape, scratch: scratch, random: &random)
                        }
                    }
                    normalization?.normalize(sample, shape: shape)
                }
            }
        }
        for position in positions {
            batch.labels.append(dataset.label(at: plan.order[position]))
            batch.indices.append(plan.order[position])
        }
    }
}
