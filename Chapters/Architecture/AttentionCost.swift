import Foundation
import DeepLearning

/// How a Transformer block's cost grows with its tokens: the ViT's patch 7, 4 and 2 on 28×28 images give 16, 49 and
/// 196 patches (17, 50, 197 tokens with the class token). Per image, a pre-norm block of width C and MLP ratio r
/// multiplies
///
///     qkv 2·T·C·3C + proj 2·T·C·C + fc1 2·T·C·rC + fc2 2·T·rC·C = (8 + 4r)·T·C²     (24·T·C² at r = 4)
///     Q·Kᵀ and P·V: 2·T·T·hs per head each, 4·T²·C over the heads
///
/// forward FLOPs (2 per multiply-add; the norms, GELU and softmax are O(T·C) and O(T²) element-wise work, not
/// counted, as `ModelSummary` does not count them), and a training step three times that (each product's backward
/// is two products of its size). The T² term's share is 4T²C / (24TC² + 4T²C) = T / (6C + T): 4% at T = 17, 12% at
/// 50 and 34% at 197 for C = 64, so at these sizes the linear layers still cost most and the time grows little faster
/// than T until T passes 6C.
public struct AttentionCost: Sendable {
    public struct Measurement: Sendable, Equatable {
        public var patchSize: Int
        /// Patches plus the class token.
        public var tokens: Int
        /// Forward + backward of one block, per image (the fastest of the repeats).
        public var secondsPerImage: Double
        /// `trainingFlops(tokens:channels:)`.
        public var flops: Int
        public var gigaflopsPerSecond: Double { Double(flops) / secondsPerImage / 1e9 }
    }

    /// Forward FLOPs of one block per image: (8 + 4r)·T·C² + 4·T²·C.
    public static func forwardFlops(tokens t: Int, channels c: Int, mlpRatio r: Int = 4) -> Int {
        (8 + 4 * r) * t * c * c + 4 * t * t * c
    }

    /// Forward + backward: 3 × forward.
    public static func trainingFlops(tokens: Int, channels: Int, mlpRatio: Int = 4) -> Int {
        3 * forwardFlops(tokens: tokens, channels: channels, mlpRatio: mlpRatio)
    }

    /// The attention products' share of the forward FLOPs, 4T²C / ((8 + 4r)·T·C² + 4T²C).
    public static func quadraticShare(tokens t: Int, channels c: Int, mlpRatio r: Int = 4) -> Double {
        Double(4 * t * t * c) / Double(forwardFlops(tokens: t, channels: c, mlpRatio: r))
    }

    /// Times forward + backward of one block (dimension `channels`, `heads` heads, MLP 4×) on a batch of `batch`
    /// random sequences for each patch size of a `imageSide`² image: a warm-up pass, then the fastest of
    /// `repeats`. Runs under the caller's kernel workers; a short timing for the chapter, not a benchmark.
    public static func measure(patchSizes: [Int], imageSide: Int = 28, channels: Int = 64, heads: Int = 4,
                               batch: Int = 32, repeats: Int = 3) throws -> [Measurement] {
        try patchSizes.map { patch in
            let tokens = (imageSide / patch) * (imageSide / patch) + 1
            var generator = RandomGenerator(seed: 0)
            let block = Sequential<Float>.transformerBlock(name: "", dimension: channels, heads: heads, generator: &generator)
            block.needsInputGradient = true  // as inside a ViT, whose lower blocks need it
            let input = Tensor<Float>(shape: [batch, tokens, channels],
                                      scalars: Initialization.normal(count: batch * tokens * channels, standardDeviation: 1,
                                                                     generator: &generator))
            let upstream = Tensor<Float>(shape: [batch, tokens, channels], repeating: 1)
            var fastest = Double.infinity
            for pass in 0...repeats {
                let start = DispatchTime.now().uptimeNanoseconds
                _ = try block.forward(input)
                _ = try block.backward(upstream)
                let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                if pass > 0 { fastest = min(fastest, seconds) }
            }
            return Measurement(patchSize: patch, tokens: tokens, secondsPerImage: fastest / Double(batch),
                               flops: trainingFlops(tokens: tokens, channels: channels))
        }
    }
}
