// tf_column_sums (bias and broadcast gradients) sums every column in row order, exactly as the
// plain loop does, whatever the column range and block edges.
import COpenBLAS
import Testing
import TinyformerTestSupport

@Test(arguments: [(1, 1), (7, 15), (250, 96), (33, 47), (5, 100)])
func columnSumsEqualTheRowOrderLoopBitForBit(rows: Int, columns: Int) throws {
    let src = try randomTensor([rows, columns], seed: 70).scalars, other = try randomTensor([rows, columns], seed: 71).scalars
    let start = try randomTensor([columns], seed: 72).scalars
    for (scale, withOther) in [(Float(1), false), (Float(-0.37), false), (Float(1), true)] {
        for range in [0..<columns, (columns / 3)..<columns] {
            var expected = start
            for r in 0..<rows {
                for i in range {
                    let j = r * columns + i
                    expected[i] += withOther ? src[j] * other[j] : (scale == 1 ? src[j] : scale * src[j])
                }
            }
            var actual = start
            tf_column_sums(rows, columns, range.lowerBound, range.upperBound, scale, src, withOther ? other : nil, &actual)
            #expect(actual == expected, "rows \(rows) columns \(columns) range \(range) scale \(scale) other \(withOther)")
        }
    }
}
