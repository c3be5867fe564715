import Foundation
import TinyformerIO
import TinyformerRandom

// Shape letters: S the image side (pixels), H = W = S.

/// Draws a `SyntheticScene` into an S×S RGB image: the background gradient with noise, then each
/// object with a one-pixel antialiased edge (coverage clamp(0.5 − signed distance, 0, 1) at the
/// pixel centre). Deterministic: the noise comes from the scene's own seed.
enum SceneRenderer {
    static func render(_ scene: SyntheticScene, side: Int) throws -> RGBImage {
        let s = side
        var pixels = [Float](repeating: 0, count: s * s * 3)  // (H, W, 3)
        let bg = scene.background
        var noise = SeededGenerator(seed: bg.noiseSeed)
        let dx = cosf(bg.angle), dy = sinf(bg.angle)
        let half = Float(s) / 2, extent = max(abs(dx), abs(dy)) * Float(s)
        for y in 0..<s {
            for x in 0..<s {
                let along = ((Float(x) + 0.5 - half) * dx + (Float(y) + 0.5 - half) * dy) / max(extent, 1) + 0.5  // 0…1
                let n = Float(noise.nextNormal()) * bg.noise
                for c in 0..<3 {
                    pixels[(y * s + x) * 3 + c] = bg.from[c] + (bg.to[c] - bg.from[c]) * along + n
                }
            }
        }
        for object in scene.objects {
            let reach = object.radius * 1.3 + 1
            let x0 = max(0, Int(object.centerX - reach)), x1 = min(s - 1, Int(object.centerX + reach))
            let y0 = max(0, Int(object.centerY - reach)), y1 = min(s - 1, Int(object.centerY + reach))
            guard x0 <= x1, y0 <= y1 else { continue }
            for y in y0...y1 {
                for x in x0...x1 {
                    let d = object.combination.shape.signedDistance(Float(x) + 0.5 - object.centerX, Float(y) + 0.5 - object.centerY,
                                                                   radius: object.radius)
                    let coverage = min(max(0.5 - d, 0), 1)
                    guard coverage > 0 else { continue }
                    for c in 0..<3 {
                        let i = (y * s + x) * 3 + c
                        pixels[i] += (Float(object.rgb[c]) - pixels[i]) * coverage
                    }
                }
            }
        }
        let bytes = pixels.map { UInt8(min(max($0.rounded(), 0), 255)) }
        return try RGBImage(width: s, height: s, bytes: bytes)
    }
}
