extension Array where Element == Float {
    /// The vector scaled to unit Euclidean length; a zero vector stays zero (the norm is
    /// clamped at 1e-12, as PyTorch's `normalize` does).
    public func l2Normalized() -> [Float] {
        var squares: Float = 0
        for value in self { squares += value * value }
        let scale = 1 / Swift.max(squares.squareRoot(), 1e-12)
        return map { $0 * scale }
    }

    /// The cosine of the angle between this vector and `other` (same length); 0 when either is zero.
    public func cosineSimilarity(to other: [Float]) -> Float {
        precondition(count == other.count, "vectors of \(count) and \(other.count) values")
        var dot: Float = 0
        var a: Float = 0
        var b: Float = 0
        for index in indices {
            dot += self[index] * other[index]
            a += self[index] * self[index]
            b += other[index] * other[index]
        }
        let norms = (a * b).squareRoot()
        return norms > 0 ? dot / norms : 0
    }
}
