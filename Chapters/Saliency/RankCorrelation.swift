/// Spearman's rank correlation ρ of two equally long lists: the Pearson correlation of their ranks, tied values
/// sharing the mean of the ranks they span (scipy.stats.spearmanr's definition). What Adebayo et al. (2018)
/// compare saliency maps with: it asks whether two maps order the pixels alike, whatever their scales.
///
/// nil when either list is constant (its ranks have no spread, so ρ is undefined): a Grad-CAM map that is zero
/// everywhere, for instance.
public func spearmanCorrelation(_ a: [Double], _ b: [Double]) -> Double? {
    precondition(a.count == b.count && a.count > 1, "spearmanCorrelation: \(a.count) against \(b.count) values")
    let (x, y) = (ranks(a), ranks(b))
    let mean = Double(a.count + 1) / 2
    var (covariance, varianceX, varianceY) = (0.0, 0.0, 0.0)
    for (u, v) in zip(x, y) {
        covariance += (u - mean) * (v - mean)
        varianceX += (u - mean) * (u - mean)
        varianceY += (v - mean) * (v - mean)
    }
    guard varianceX > 0 && varianceY > 0 else { return nil }
    return covariance / (varianceX * varianceY).squareRoot()
}

/// The rank of each value, 1 for the smallest; a run of equal values gets the mean of the ranks it spans.
func ranks(_ values: [Double]) -> [Double] {
    let order = values.indices.sorted { values[$0] < values[$1] }
    var result = [Double](repeating: 0, count: values.count)
    var start = 0
    while start < order.count {
        var end = start
        while end + 1 < order.count && values[order[end + 1]] == values[order[start]] { end += 1 }
        let shared = Double(start + end) / 2 + 1
        for k in start...end { result[order[k]] = shared }
        start = end + 1
    }
    return result
}
