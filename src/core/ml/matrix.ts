/**
 * @module The two feature layouts the learners take: dense row-major (tabular data, tens of columns)
 * and compressed sparse rows (text, hundreds of thousands of columns with a few hundred set per row).
 */

export interface DenseMatrix {
  readonly rows: number
  readonly cols: number
  /** Row-major: entry (i, j) is `data[i * cols + j]`. */
  readonly data: Float64Array
}

/** CSR: row i's entries are `indices[indptr[i]] … indices[indptr[i+1] - 1]` with their `values`. */
export interface SparseMatrix {
  readonly rows: number
  readonly cols: number
  readonly indptr: Int32Array
  readonly indices: Int32Array
  readonly values: Float64Array
}

export function denseFromRows(rows: readonly ArrayLike<number>[], cols: number): DenseMatrix {
  const data = new Float64Array(rows.length * cols)
  rows.forEach((row, i) => {
    if (row.length !== cols) throw new RangeError(`row ${i} has ${row.length} values, expected ${cols}`)
    data.set(row, i * cols)
  })
  return { rows: rows.length, cols, data }
}

/** The rows `which` of `m`, in that order (a fold's training rows, say). */
export function denseSubset(m: DenseMatrix, which: readonly number[]): DenseMatrix {
  const data = new Float64Array(which.length * m.cols)
  which.forEach((r, i) => {
    data.set(m.data.subarray(r * m.cols, (r + 1) * m.cols), i * m.cols)
  })
  return { rows: which.length, cols: m.cols, data }
}

/** One sparse row: parallel column indices (ascending, distinct) and values. */
export interface SparseRow {
  readonly indices: ArrayLike<number>
  readonly values: ArrayLike<number>
}

export function sparseFromRows(rows: readonly SparseRow[], cols: number): SparseMatrix {
  const indptr = new Int32Array(rows.length + 1)
  let nnz = 0
  rows.forEach((row, i) => {
    nnz += row.indices.length
    indptr[i + 1] = nnz
  })
  const indices = new Int32Array(nnz)
  const values = new Float64Array(nnz)
  rows.forEach((row, i) => {
    indices.set(row.indices, indptr[i] as number)
    values.set(row.values, indptr[i] as number)
  })
  return { rows: rows.length, cols, indptr, indices, values }
}

export function sparseSubset(m: SparseMatrix, which: readonly number[]): SparseMatrix {
  let nnz = 0
  for (const r of which) nnz += (m.indptr[r + 1] as number) - (m.indptr[r] as number)
  const indptr = new Int32Array(which.length + 1)
  const indices = new Int32Array(nnz)
  const values = new Float64Array(nnz)
  let at = 0
  which.forEach((r, i) => {
    const from = m.indptr[r] as number
    const to = m.indptr[r + 1] as number
    indices.set(m.indices.subarray(from, to), at)
    values.set(m.values.subarray(from, to), at)
    at += to - from
    indptr[i + 1] = at
  })
  return { rows: which.length, cols: m.cols, indptr, indices, values }
}

/** Each column multiplied by `scale[j]` (NB log-count ratios, inverse document frequencies). */
export function scaleColumns(m: SparseMatrix, scale: ArrayLike<number>): SparseMatrix {
  const values = new Float64Array(m.values.length)
  for (let k = 0; k < values.length; k++)
    values[k] = (m.values[k] as number) * (scale[m.indices[k] as number] as number)
  return { ...m, values }
}

/**
 * The columns whose `keep` is true, renumbered in order; returns the matrix and each new column's old
 * index. Used to drop rare terms before a fit, since the optimiser's cost grows with the column count.
 */
export function keepColumns(
  m: SparseMatrix,
  keep: (col: number) => boolean,
): { matrix: SparseMatrix; old: Int32Array } {
  const renumber = new Int32Array(m.cols).fill(-1)
  const old: number[] = []
  for (let j = 0; j < m.cols; j++) {
    if (!keep(j)) continue
    renumber[j] = old.length
    old.push(j)
  }
  return { matrix: remapColumns(m, renumber, old.length), old: Int32Array.from(old) }
}

/** Applies a column renumbering (−1 drops the column) to `m`, e.g. a test matrix after `keepColumns`. */
export function remapColumns(m: SparseMatrix, renumber: Int32Array, cols: number): SparseMatrix {
  const indptr = new Int32Array(m.rows + 1)
  const indices: number[] = []
  const values: number[] = []
  for (let i = 0; i < m.rows; i++) {
    const to = m.indptr[i + 1] as number
    for (let k = m.indptr[i] as number; k < to; k++) {
      const j = renumber[m.indices[k] as number] as number
      if (j < 0) continue
      indices.push(j)
      values.push(m.values[k] as number)
    }
    indptr[i + 1] = indices.length
  }
  return { rows: m.rows, cols, indptr, indices: Int32Array.from(indices), values: Float64Array.from(values) }
}
