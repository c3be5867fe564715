import Foundation

/// The shapes of the synthetic image–caption set, each named by one caption word.
public enum ShapeKind: String, CaseIterable, Codable, Sendable, Hashable {
    case circle, square, triangle, star, cross, diamond

    /// The signed distance in pixels from a point at (dx, dy) relative to the shape's centre to
    /// the outline of the shape of "radius" r (negative inside): the renderer's coverage is
    /// clamp(0.5 − d, 0, 1), a one-pixel antialiased edge. The shapes are scaled so that each
    /// covers a similar area at the same r.
    func signedDistance(_ dx: Float, _ dy: Float, radius r: Float) -> Float {
        switch self {
        case .circle:
            return (dx * dx + dy * dy).squareRoot() - r
        case .square:
            return Self.box(dx, dy, halfWidth: 0.85 * r, halfHeight: 0.85 * r)
        case .diamond:
            return (abs(dx) + abs(dy) - 1.2 * r) * 0.70710678
        case .cross:
            let arm = 0.32 * r, length = 1.05 * r
            return min(Self.box(dx, dy, halfWidth: length, halfHeight: arm), Self.box(dx, dy, halfWidth: arm, halfHeight: length))
        case .triangle:
            return Self.equilateralTriangle(dx, dy + 0.2 * r, side: 2.1 * r)
        case .star:
            return Self.star(dx, dy, outer: 1.15 * r, inner: 0.48 * r)
        }
    }

    /// Distance to an axis-aligned box centred at the origin.
    private static func box(_ x: Float, _ y: Float, halfWidth: Float, halfHeight: Float) -> Float {
        let qx = abs(x) - halfWidth, qy = abs(y) - halfHeight
        let outside = (max(qx, 0) * max(qx, 0) + max(qy, 0) * max(qy, 0)).squareRoot()
        return outside + min(max(qx, qy), 0)
    }

    /// Distance to an upright equilateral triangle of the given side, centred at its centroid
    /// (image y grows downwards, so the apex is at negative y).
    private static func equilateralTriangle(_ x: Float, _ y: Float, side: Float) -> Float {
        let k = Float(3).squareRoot()
        let r = side / 2
        var px = abs(x) - r
        var py = -y + r / k
        if px + k * py > 0 {
            (px, py) = ((px - k * py) / 2, (-k * px - py) / 2)
        }
        px -= min(max(px, -2 * r), 0)
        return -(px * px + py * py).squareRoot() * (py < 0 ? -1 : 1)
    }

    /// Distance (approximate outside the arms, exact sign) to a five-pointed star with one point
    /// up: the polygon of its ten vertices.
    private static func star(_ x: Float, _ y: Float, outer: Float, inner: Float) -> Float {
        var vertices: [(Float, Float)] = []
        for i in 0..<10 {
            let angle = Float(i) * Float.pi / 5 - Float.pi / 2
            let radius = i % 2 == 0 ? outer : inner
            vertices.append((radius * cosf(angle), radius * sinf(angle)))
        }
        return polygon(x, y, vertices)
    }

    /// Signed distance to a simple polygon (even–odd rule for the sign).
    private static func polygon(_ x: Float, _ y: Float, _ v: [(Float, Float)]) -> Float {
        var best = Float.infinity
        var inside = false
        var j = v.count - 1
        for i in 0..<v.count {
            let (ax, ay) = v[j], (bx, by) = v[i]
            let ex = bx - ax, ey = by - ay, wx = x - ax, wy = y - ay
            let t = max(0, min(1, (wx * ex + wy * ey) / (ex * ex + ey * ey)))
            let dx = wx - ex * t, dy = wy - ey * t
            best = min(best, dx * dx + dy * dy)
            if (ay > y) != (by > y), x < ax + (y - ay) * ex / ey { inside.toggle() }
            j = i
        }
        return (inside ? -1 : 1) * best.squareRoot()
    }
}
