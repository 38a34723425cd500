;; The wasm kernels of cholEnvelope and cholDense (src/linalg/tileKernel.ts embeds the binary). After editing, rebuild with
;;   wat2wasm --enable-threads src/linalg/tileKernel.wat -o /tmp/tileKernel.wasm && base64 -w0 /tmp/tileKernel.wasm
;; (Debian package wabt) and paste the output into TILE_KERNEL_BASE64; tests/linalg/linalg.test.ts checks they agree.
(module
  ;; Shared memory (made by tileKernel.ts): the helper thread of cholDense works on the same matrix.
  (import "env" "memory" (memory 1 65536 shared))
  ;; Eight dot products of a 2 x 4 register tile (the inner kernel of a row-oriented Cholesky):
  ;;   out[c]     = sum_{x<n} A[pi + 8x]  * A[pj + c*stride + 8x]   (c = 0..3)
  ;;   out[4 + c] = sum_{x<n} A[pi1 + 8x] * A[pj + c*stride + 8x]
  ;; All addresses in bytes; pairs of doubles per step (f64x2), the odd last term in scalar arithmetic.
  (func (export "tile") (param $pi i32) (param $pi1 i32) (param $pj i32) (param $stride i32) (param $n i32) (param $out i32)
    (local $p1 i32) (local $p2 i32) (local $p3 i32) (local $end i32)
    (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128)
    (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128)
    (local $x v128) (local $y v128) (local $b v128)
    (local $xs f64) (local $ys f64) (local $bs f64)
    (local.set $p1 (i32.add (local.get $pj) (local.get $stride)))
    (local.set $p2 (i32.add (local.get $p1) (local.get $stride)))
    (local.set $p3 (i32.add (local.get $p2) (local.get $stride)))
    (local.set $end (i32.add (local.get $pi) (i32.shl (i32.and (local.get $n) (i32.const -2)) (i32.const 3))))
    (block $done
      (br_if $done (i32.ge_u (local.get $pi) (local.get $end)))
      (loop $loop
        (local.set $x (v128.load (local.get $pi)))
        (local.set $y (v128.load (local.get $pi1)))
        (local.set $b (v128.load (local.get $pj)))
        (local.set $s0 (f64x2.add (local.get $s0) (f64x2.mul (local.get $x) (local.get $b))))
        (local.set $t0 (f64x2.add (local.get $t0) (f64x2.mul (local.get $y) (local.get $b))))
        (local.set $b (v128.load (local.get $p1)))
        (local.set $s1 (f64x2.add (local.get $s1) (f64x2.mul (local.get $x) (local.get $b))))
        (local.set $t1 (f64x2.add (local.get $t1) (f64x2.mul (local.get $y) (local.get $b))))
        (local.set $b (v128.load (local.get $p2)))
        (local.set $s2 (f64x2.add (local.get $s2) (f64x2.mul (local.get $x) (local.get $b))))
        (local.set $t2 (f64x2.add (local.get $t2) (f64x2.mul (local.get $y) (local.get $b))))
        (local.set $b (v128.load (local.get $p3)))
        (local.set $s3 (f64x2.add (local.get $s3) (f64x2.mul (local.get $x) (local.get $b))))
        (local.set $t3 (f64x2.add (local.get $t3) (f64x2.mul (local.get $y) (local.get $b))))
        (local.set $pi (i32.add (local.get $pi) (i32.const 16)))
        (local.set $pi1 (i32.add (local.get $pi1) (i32.const 16)))
        (local.set $pj (i32.add (local.get $pj) (i32.const 16)))
        (local.set $p1 (i32.add (local.get $p1) (i32.const 16)))
        (local.set $p2 (i32.add (local.get $p2) (i32.const 16)))
        (local.set $p3 (i32.add (local.get $p3) (i32.const 16)))
        (br_if $loop (i32.lt_u (local.get $pi) (local.get $end)))))
    ;; Odd n: one more term per product, added to lane 0.
    (if (i32.and (local.get $n) (i32.const 1))
      (then
        (local.set $xs (f64.load (local.get $pi)))
        (local.set $ys (f64.load (local.get $pi1)))
        (local.set $bs (f64.load (local.get $pj)))
        (local.set $s0 (f64x2.add (local.get $s0) (f64x2.replace_lane 1 (f64x2.splat (f64.mul (local.get $xs) (local.get $bs))) (f64.const 0))))
        (local.set $t0 (f64x2.add (local.get $t0) (f64x2.replace_lane 1 (f64x2.splat (f64.mul (local.get $ys) (local.get $bs))) (f64.const 0))))
        (local.set $bs (f64.load (local.get $p1)))
        (local.set $s1 (f64x2.add (local.get $s1) (f64x2.replace_lane 1 (f64x2.splat (f64.mul (local.get $xs) (local.get $bs))) (f64.const 0))))
        (local.set $t1 (f64x2.add (local.get $t1) (f64x2.replace_lane 1 (f64x2.splat (f64.mul (local.get $ys) (local.get $bs))) (f64.const 0))))
        (local.set $bs (f64.load (local.get $p2)))
        (local.set $s2 (f64x2.add (local.get $s2) (f64x2.replace_lane 1 (f64x2.splat (f64.mul (local.get $xs) (local.get $bs))) (f64.const 0))))
        (local.set $t2 (f64x2.add (local.get $t2) (f64x2.replace_lane 1 (f64x2.splat (f64.mul (local.get $ys) (local.get $bs))) (f64.const 0))))
        (local.set $bs (f64.load (local.get $p3)))
        (local.set $s3 (f64x2.add (local.get $s3) (f64x2.replace_lane 1 (f64x2.splat (f64.mul (local.get $xs) (local.get $bs))) (f64.const 0))))
        (local.set $t3 (f64x2.add (local.get $t3) (f64x2.replace_lane 1 (f64x2.splat (f64.mul (local.get $ys) (local.get $bs))) (f64.const 0))))))
    (f64.store offset=0 (local.get $out) (f64.add (f64x2.extract_lane 0 (local.get $s0)) (f64x2.extract_lane 1 (local.get $s0))))
    (f64.store offset=8 (local.get $out) (f64.add (f64x2.extract_lane 0 (local.get $s1)) (f64x2.extract_lane 1 (local.get $s1))))
    (f64.store offset=16 (local.get $out) (f64.add (f64x2.extract_lane 0 (local.get $s2)) (f64x2.extract_lane 1 (local.get $s2))))
    (f64.store offset=24 (local.get $out) (f64.add (f64x2.extract_lane 0 (local.get $s3)) (f64x2.extract_lane 1 (local.get $s3))))
    (f64.store offset=32 (local.get $out) (f64.add (f64x2.extract_lane 0 (local.get $t0)) (f64x2.extract_lane 1 (local.get $t0))))
    (f64.store offset=40 (local.get $out) (f64.add (f64x2.extract_lane 0 (local.get $t1)) (f64x2.extract_lane 1 (local.get $t1))))
    (f64.store offset=48 (local.get $out) (f64.add (f64x2.extract_lane 0 (local.get $t2)) (f64x2.extract_lane 1 (local.get $t2))))
    (f64.store offset=56 (local.get $out) (f64.add (f64x2.extract_lane 0 (local.get $t3)) (f64x2.extract_lane 1 (local.get $t3)))))

  ;; ---- Kernels of the blocked dense Cholesky (cholDense.ts): C -= A B' on row-major blocks. ----

  ;; The 2 x 4 register tile subtracted in place:
  ;;   C[r][c] -= sum_{x<k} A[r][x] * B[c][x]   (r = 0, 1; c = 0..3)
  ;; A rows at pa and pa + lda, B rows at pb + c*ldb, C rows at pc and pc + ldc (byte addresses and strides).
  (func $tileSub (param $pa i32) (param $lda i32) (param $pb i32) (param $ldb i32) (param $k i32) (param $pc i32) (param $ldc i32)
    (local $pa1 i32) (local $p1 i32) (local $p2 i32) (local $p3 i32) (local $end i32)
    (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128)
    (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128)
    (local $x v128) (local $y v128) (local $b v128)
    (local $xs f64) (local $ys f64) (local $bs f64) (local $pc1 i32)
    (local.set $pa1 (i32.add (local.get $pa) (local.get $lda)))
    (local.set $p1 (i32.add (local.get $pb) (local.get $ldb)))
    (local.set $p2 (i32.add (local.get $p1) (local.get $ldb)))
    (local.set $p3 (i32.add (local.get $p2) (local.get $ldb)))
    (local.set $end (i32.add (local.get $pa) (i32.shl (i32.and (local.get $k) (i32.const -2)) (i32.const 3))))
    (block $done
      (br_if $done (i32.ge_u (local.get $pa) (local.get $end)))
      (loop $loop
        (local.set $x (v128.load (local.get $pa)))
        (local.set $y (v128.load (local.get $pa1)))
        (local.set $b (v128.load (local.get $pb)))
        (local.set $s0 (f64x2.add (local.get $s0) (f64x2.mul (local.get $x) (local.get $b))))
        (local.set $t0 (f64x2.add (local.get $t0) (f64x2.mul (local.get $y) (local.get $b))))
        (local.set $b (v128.load (local.get $p1)))
        (local.set $s1 (f64x2.add (local.get $s1) (f64x2.mul (local.get $x) (local.get $b))))
        (local.set $t1 (f64x2.add (local.get $t1) (f64x2.mul (local.get $y) (local.get $b))))
        (local.set $b (v128.load (local.get $p2)))
        (local.set $s2 (f64x2.add (local.get $s2) (f64x2.mul (local.get $x) (local.get $b))))
        (local.set $t2 (f64x2.add (local.get $t2) (f64x2.mul (local.get $y) (local.get $b))))
        (local.set $b (v128.load (local.get $p3)))
        (local.set $s3 (f64x2.add (local.get $s3) (f64x2.mul (local.get $x) (local.get $b))))
        (local.set $t3 (f64x2.add (local.get $t3) (f64x2.mul (local.get $y) (local.get $b))))
        (local.set $pa (i32.add (local.get $pa) (i32.const 16)))
        (local.set $pa1 (i32.add (local.get $pa1) (i32.const 16)))
        (local.set $pb (i32.add (local.get $pb) (i32.const 16)))
        (local.set $p1 (i32.add (local.get $p1) (i32.const 16)))
        (local.set $p2 (i32.add (local.get $p2) (i32.const 16)))
        (local.set $p3 (i32.add (local.get $p3) (i32.const 16)))
        (br_if $loop (i32.lt_u (local.get $pa) (local.get $end)))))
    ;; Odd k: one more term per product, added to lane 0.
    (if (i32.and (local.get $k) (i32.const 1))
      (then
        (local.set $xs (f64.load (local.get $pa)))
        (local.set $ys (f64.load (local.get $pa1)))
        (local.set $bs (f64.load (local.get $pb)))
        (local.set $s0 (f64x2.replace_lane 0 (local.get $s0) (f64.add (f64x2.extract_lane 0 (local.get $s0)) (f64.mul (local.get $xs) (local.get $bs)))))
        (local.set $t0 (f64x2.replace_lane 0 (local.get $t0) (f64.add (f64x2.extract_lane 0 (local.get $t0)) (f64.mul (local.get $ys) (local.get $bs)))))
        (local.set $bs (f64.load (local.get $p1)))
        (local.set $s1 (f64x2.replace_lane 0 (local.get $s1) (f64.add (f64x2.extract_lane 0 (local.get $s1)) (f64.mul (local.get $xs) (local.get $bs)))))
        (local.set $t1 (f64x2.replace_lane 0 (local.get $t1) (f64.add (f64x2.extract_lane 0 (local.get $t1)) (f64.mul (local.get $ys) (local.get $bs)))))
        (local.set $bs (f64.load (local.get $p2)))
        (local.set $s2 (f64x2.replace_lane 0 (local.get $s2) (f64.add (f64x2.extract_lane 0 (local.get $s2)) (f64.mul (local.get $xs) (local.get $bs)))))
        (local.set $t2 (f64x2.replace_lane 0 (local.get $t2) (f64.add (f64x2.extract_lane 0 (local.get $t2)) (f64.mul (local.get $ys) (local.get $bs)))))
        (local.set $bs (f64.load (local.get $p3)))
        (local.set $s3 (f64x2.replace_lane 0 (local.get $s3) (f64.add (f64x2.extract_lane 0 (local.get $s3)) (f64.mul (local.get $xs) (local.get $bs)))))
        (local.set $t3 (f64x2.replace_lane 0 (local.get $t3) (f64.add (f64x2.extract_lane 0 (local.get $t3)) (f64.mul (local.get $ys) (local.get $bs)))))))
    (local.set $pc1 (i32.add (local.get $pc) (local.get $ldc)))
    (f64.store offset=0 (local.get $pc) (f64.sub (f64.load offset=0 (local.get $pc)) (f64.add (f64x2.extract_lane 0 (local.get $s0)) (f64x2.extract_lane 1 (local.get $s0)))))
    (f64.store offset=8 (local.get $pc) (f64.sub (f64.load offset=8 (local.get $pc)) (f64.add (f64x2.extract_lane 0 (local.get $s1)) (f64x2.extract_lane 1 (local.get $s1)))))
    (f64.store offset=16 (local.get $pc) (f64.sub (f64.load offset=16 (local.get $pc)) (f64.add (f64x2.extract_lane 0 (local.get $s2)) (f64x2.extract_lane 1 (local.get $s2)))))
    (f64.store offset=24 (local.get $pc) (f64.sub (f64.load offset=24 (local.get $pc)) (f64.add (f64x2.extract_lane 0 (local.get $s3)) (f64x2.extract_lane 1 (local.get $s3)))))
    (f64.store offset=0 (local.get $pc1) (f64.sub (f64.load offset=0 (local.get $pc1)) (f64.add (f64x2.extract_lane 0 (local.get $t0)) (f64x2.extract_lane 1 (local.get $t0)))))
    (f64.store offset=8 (local.get $pc1) (f64.sub (f64.load offset=8 (local.get $pc1)) (f64.add (f64x2.extract_lane 0 (local.get $t1)) (f64x2.extract_lane 1 (local.get $t1)))))
    (f64.store offset=16 (local.get $pc1) (f64.sub (f64.load offset=16 (local.get $pc1)) (f64.add (f64x2.extract_lane 0 (local.get $t2)) (f64x2.extract_lane 1 (local.get $t2)))))
    (f64.store offset=24 (local.get $pc1) (f64.sub (f64.load offset=24 (local.get $pc1)) (f64.add (f64x2.extract_lane 0 (local.get $t3)) (f64x2.extract_lane 1 (local.get $t3))))))

  ;; One dot product sum_{x<k} A[x] * B[x] (pairs in f64x2, the odd last term in scalar arithmetic).
  (func $dot (param $pa i32) (param $pb i32) (param $k i32) (result f64)
    (local $end i32) (local $s v128) (local $r f64)
    (local.set $end (i32.add (local.get $pa) (i32.shl (i32.and (local.get $k) (i32.const -2)) (i32.const 3))))
    (block $done
      (br_if $done (i32.ge_u (local.get $pa) (local.get $end)))
      (loop $loop
        (local.set $s (f64x2.add (local.get $s) (f64x2.mul (v128.load (local.get $pa)) (v128.load (local.get $pb)))))
        (local.set $pa (i32.add (local.get $pa) (i32.const 16)))
        (local.set $pb (i32.add (local.get $pb) (i32.const 16)))
        (br_if $loop (i32.lt_u (local.get $pa) (local.get $end)))))
    (local.set $r (f64x2.extract_lane 0 (local.get $s)))
    (if (i32.and (local.get $k) (i32.const 1))
      (then (local.set $r (f64.add (local.get $r) (f64.mul (f64.load (local.get $pa)) (f64.load (local.get $pb)))))))
    (f64.add (local.get $r) (f64x2.extract_lane 1 (local.get $s))))

  ;; C[r][j] -= sum_{x<k} A[r][x] * A[j][x] for r0 <= r < r1 and c0 <= j < min(c1, r + 1): the lower-triangle
  ;; part of a symmetric rank-k update. Row r of C is at c + r*ldc, row r of A at a + r*lda (bytes).
  (func $syrk (export "syrk") (param $c i32) (param $ldc i32) (param $a i32) (param $lda i32) (param $r0 i32) (param $r1 i32) (param $c0 i32) (param $c1 i32) (param $k i32)
    (local $r i32) (local $j i32) (local $jEnd i32) (local $par i32) (local $pcr i32)
    (local.set $r (local.get $r0))
    (block $pairsDone
      (loop $pairs
        (br_if $pairsDone (i32.ge_s (i32.add (local.get $r) (i32.const 1)) (local.get $r1)))
        (local.set $par (i32.add (local.get $a) (i32.mul (local.get $r) (local.get $lda))))
        (local.set $pcr (i32.add (local.get $c) (i32.mul (local.get $r) (local.get $ldc))))
        (local.set $j (local.get $c0))
        ;; Full tiles: columns j..j+3 all <= r and < c1.
        (block $tilesDone
          (loop $tiles
            (br_if $tilesDone (i32.gt_s (i32.add (local.get $j) (i32.const 3)) (local.get $r)))
            (br_if $tilesDone (i32.gt_s (i32.add (local.get $j) (i32.const 4)) (local.get $c1)))
            (call $tileSub (local.get $par) (local.get $lda) (i32.add (local.get $a) (i32.mul (local.get $j) (local.get $lda))) (local.get $lda) (local.get $k)
              (i32.add (local.get $pcr) (i32.shl (local.get $j) (i32.const 3))) (local.get $ldc))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $tiles)))
        ;; The rest of row r (j <= r) and of row r + 1 (j <= r + 1).
        (call $rowRest (local.get $pcr) (local.get $par) (local.get $a) (local.get $lda) (local.get $j) (call $min (local.get $c1) (i32.add (local.get $r) (i32.const 1))) (local.get $k))
        (call $rowRest (i32.add (local.get $pcr) (local.get $ldc)) (i32.add (local.get $par) (local.get $lda)) (local.get $a) (local.get $lda) (local.get $j)
          (call $min (local.get $c1) (i32.add (local.get $r) (i32.const 2))) (local.get $k))
        (local.set $r (i32.add (local.get $r) (i32.const 2)))
        (br $pairs)))
    (if (i32.lt_s (local.get $r) (local.get $r1))
      (then
        (call $rowRest (i32.add (local.get $c) (i32.mul (local.get $r) (local.get $ldc))) (i32.add (local.get $a) (i32.mul (local.get $r) (local.get $lda)))
          (local.get $a) (local.get $lda) (local.get $c0) (call $min (local.get $c1) (i32.add (local.get $r) (i32.const 1))) (local.get $k)))))

  ;; C[j] -= dot(A row at pa, B[j]) for j0 <= j < j1: one row's entries (C row at pcr, B rows at b + j*ldb).
  (func $rowRest (param $pcr i32) (param $pa i32) (param $b i32) (param $ldb i32) (param $j0 i32) (param $j1 i32) (param $k i32)
    (local $j i32) (local $p i32)
    (local.set $j (local.get $j0))
    (block $done
      (loop $loop
        (br_if $done (i32.ge_s (local.get $j) (local.get $j1)))
        (local.set $p (i32.add (local.get $pcr) (i32.shl (local.get $j) (i32.const 3))))
        (f64.store (local.get $p) (f64.sub (f64.load (local.get $p))
          (call $dot (local.get $pa) (i32.add (local.get $b) (i32.mul (local.get $j) (local.get $ldb))) (local.get $k))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $loop))))

  (func $min (param $x i32) (param $y i32) (result i32)
    (select (local.get $x) (local.get $y) (i32.lt_s (local.get $x) (local.get $y))))

  ;; C[r][j] -= sum_{x<kk} A[r][x] * B[j][x] for 0 <= r < rows, 0 <= j < cols, with kk = k, or (tri = 1, B lower
  ;; triangular) kk = min(k, j + 1), rounded up to the tile's last column. Rows of C, A, B at c + r*ldc,
  ;; a + r*lda, b + j*ldb (bytes).
  (func $gemm (export "gemm") (param $c i32) (param $ldc i32) (param $a i32) (param $lda i32) (param $b i32) (param $ldb i32) (param $rows i32) (param $cols i32) (param $k i32) (param $tri i32)
    (local $r i32) (local $j i32) (local $par i32) (local $pcr i32) (local $kk i32)
    (block $pairsDone
      (loop $pairs
        (br_if $pairsDone (i32.ge_s (i32.add (local.get $r) (i32.const 1)) (local.get $rows)))
        (local.set $par (i32.add (local.get $a) (i32.mul (local.get $r) (local.get $lda))))
        (local.set $pcr (i32.add (local.get $c) (i32.mul (local.get $r) (local.get $ldc))))
        (local.set $j (i32.const 0))
        (block $tilesDone
          (loop $tiles
            (br_if $tilesDone (i32.gt_s (i32.add (local.get $j) (i32.const 4)) (local.get $cols)))
            (local.set $kk (select (call $min (local.get $k) (i32.add (local.get $j) (i32.const 4))) (local.get $k) (local.get $tri)))
            (call $tileSub (local.get $par) (local.get $lda) (i32.add (local.get $b) (i32.mul (local.get $j) (local.get $ldb))) (local.get $ldb) (local.get $kk)
              (i32.add (local.get $pcr) (i32.shl (local.get $j) (i32.const 3))) (local.get $ldc))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $tiles)))
        (call $rowRestTri (local.get $pcr) (local.get $par) (local.get $b) (local.get $ldb) (local.get $j) (local.get $cols) (local.get $k) (local.get $tri))
        (call $rowRestTri (i32.add (local.get $pcr) (local.get $ldc)) (i32.add (local.get $par) (local.get $lda)) (local.get $b) (local.get $ldb) (local.get $j) (local.get $cols) (local.get $k) (local.get $tri))
        (local.set $r (i32.add (local.get $r) (i32.const 2)))
        (br $pairs)))
    (if (i32.lt_s (local.get $r) (local.get $rows))
      (then
        (call $rowRestTri (i32.add (local.get $c) (i32.mul (local.get $r) (local.get $ldc))) (i32.add (local.get $a) (i32.mul (local.get $r) (local.get $lda)))
          (local.get $b) (local.get $ldb) (i32.const 0) (local.get $cols) (local.get $k) (local.get $tri)))))

  ;; rowRest with kk = min(k, j + 1) per column when tri = 1.
  (func $rowRestTri (param $pcr i32) (param $pa i32) (param $b i32) (param $ldb i32) (param $j0 i32) (param $j1 i32) (param $k i32) (param $tri i32)
    (local $j i32) (local $p i32)
    (local.set $j (local.get $j0))
    (block $done
      (loop $loop
        (br_if $done (i32.ge_s (local.get $j) (local.get $j1)))
        (local.set $p (i32.add (local.get $pcr) (i32.shl (local.get $j) (i32.const 3))))
        (f64.store (local.get $p) (f64.sub (f64.load (local.get $p))
          (call $dot (local.get $pa) (i32.add (local.get $b) (i32.mul (local.get $j) (local.get $ldb)))
            (select (call $min (local.get $k) (i32.add (local.get $j) (i32.const 1))) (local.get $k) (local.get $tri)))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $loop))))

  ;; The panel step of the blocked Cholesky for `rows` rows: P = A_IK W' with W = -L_KK^-1 (kb x kb lower, at w;
  ;; so P = L_IK = A_IK L_KK^-T), P contiguous (rows x kb at p), then copied back over A_IK (rows at a + r*lda).
  (func (export "panel") (param $a i32) (param $lda i32) (param $p i32) (param $kb i32) (param $w i32) (param $rows i32)
    (local $r i32) (local $rowBytes i32)
    (local.set $rowBytes (i32.shl (local.get $kb) (i32.const 3)))
    (memory.fill (local.get $p) (i32.const 0) (i32.mul (local.get $rows) (local.get $rowBytes)))
    (call $gemm (local.get $p) (local.get $rowBytes) (local.get $a) (local.get $lda) (local.get $w) (local.get $rowBytes) (local.get $rows) (local.get $kb) (local.get $kb) (i32.const 1))
    (block $done
      (loop $copy
        (br_if $done (i32.ge_s (local.get $r) (local.get $rows)))
        (memory.copy (i32.add (local.get $a) (i32.mul (local.get $r) (local.get $lda))) (i32.add (local.get $p) (i32.mul (local.get $r) (local.get $rowBytes))) (local.get $rowBytes))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $copy))))

  ;; syrk for rows r0 <= r < r1 over the columns c0 <= j < c1, `chunk` columns at a time (the chunk's rows of A
  ;; stay in cache while every row below it is updated).
  (func (export "syrkRows") (param $c i32) (param $ldc i32) (param $a i32) (param $lda i32) (param $r0 i32) (param $r1 i32) (param $c0 i32) (param $c1 i32) (param $k i32) (param $chunk i32)
    (local $j i32) (local $rs i32)
    (local.set $j (local.get $c0))
    (block $done
      (loop $chunks
        (br_if $done (i32.ge_s (local.get $j) (local.get $c1)))
        (local.set $rs (select (local.get $r0) (local.get $j) (i32.gt_s (local.get $r0) (local.get $j))))
        (if (i32.lt_s (local.get $rs) (local.get $r1))
          (then (call $syrk (local.get $c) (local.get $ldc) (local.get $a) (local.get $lda) (local.get $rs) (local.get $r1) (local.get $j)
            (call $min (local.get $c1) (i32.add (local.get $j) (local.get $chunk))) (local.get $k))))
        (local.set $j (i32.add (local.get $j) (local.get $chunk)))
        (br $chunks))))

  ;; The envelope Cholesky of a small matrix, row by row (one dot product at a time): the m x m matrix at a
  ;; (row-major, lower triangle), first[i] (int32 at first + 4i) the first column of row i's envelope. Returns
  ;; -1, or the row where a non-positive pivot appeared. Used where the matrix is too small for the tiles.
  (func (export "potrf") (param $a i32) (param $m i32) (param $first i32) (result i32)
    (local $i i32) (local $j i32) (local $fi i32) (local $k0 i32) (local $ri i32) (local $rj i32) (local $ld i32) (local $d f64)
    (local.set $ld (i32.shl (local.get $m) (i32.const 3)))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_s (local.get $i) (local.get $m)))
        (local.set $ri (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $ld))))
        (local.set $fi (i32.load (i32.add (local.get $first) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $j (local.get $fi))
        (block $colsDone
          (loop $cols
            (br_if $colsDone (i32.ge_s (local.get $j) (local.get $i)))
            (local.set $rj (i32.add (local.get $a) (i32.mul (local.get $j) (local.get $ld))))
            (local.set $k0 (i32.load (i32.add (local.get $first) (i32.shl (local.get $j) (i32.const 2)))))
            (if (i32.gt_s (local.get $fi) (local.get $k0)) (then (local.set $k0 (local.get $fi))))
            (f64.store (i32.add (local.get $ri) (i32.shl (local.get $j) (i32.const 3)))
              (f64.div
                (f64.sub (f64.load (i32.add (local.get $ri) (i32.shl (local.get $j) (i32.const 3))))
                  (call $dot (i32.add (local.get $ri) (i32.shl (local.get $k0) (i32.const 3))) (i32.add (local.get $rj) (i32.shl (local.get $k0) (i32.const 3)))
                    (i32.sub (local.get $j) (local.get $k0))))
                (f64.load (i32.add (local.get $rj) (i32.shl (local.get $j) (i32.const 3))))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $cols)))
        (local.set $d (f64.sub (f64.load (i32.add (local.get $ri) (i32.shl (local.get $i) (i32.const 3))))
          (call $dot (i32.add (local.get $ri) (i32.shl (local.get $fi) (i32.const 3))) (i32.add (local.get $ri) (i32.shl (local.get $fi) (i32.const 3)))
            (i32.sub (local.get $i) (local.get $fi)))))
        (if (i32.eqz (f64.gt (local.get $d) (f64.const 0))) (then (return (local.get $i))))
        (f64.store (i32.add (local.get $ri) (i32.shl (local.get $i) (i32.const 3))) (f64.sqrt (local.get $d)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows)))
    (i32.const -1))
)

