import Foundation

extension CNNTrainer {
    /// One epoch (`trainEpoch`) with a progress bar on stderr: the running mean loss, images/s and the ETA.
    /// The bar is updated every 1% of the epoch, so the training loop builds no status text per step.
    func trainEpochShowingProgress(_ epoch: Int, label: String, maximumSteps: Int = .max) throws -> [Float] {
        let steps = min(batchesPerEpoch, maximumSteps)
        var bar = ProgressBar(label: label, total: steps, unitsPerStep: batchSize, unitName: "img")
        var running = 0.0
        let every = max(1, steps / 100)
        let losses = try trainEpoch(epoch, maximumSteps: maximumSteps) { done, total, loss in
            running += Double(loss)
            if done % every == 0 || done == total {
                bar.update(done: done, status: "loss " + String(format: "%.4f", running / Double(done)))
            }
        }
        bar.finish()
        return losses
    }
}
