"""The special functions of ``torch.special``, on numpy or cupy arrays, in float64, by the
algorithms PyTorch's CPU kernels use (most from the Cephes Math Library, S. L. Moshier, BSD
licence), so results agree with PyTorch's to round-off, also where the algorithm itself is
only approximate (PyTorch's trigamma is good to about 1e-8, and ours is the same sum):

* ln Γ: the Lanczos sum of Godfrey (g = 7, 9 terms), with the reflection formula below ½
  (PyTorch calls the C library's lgamma; the two agree to about 1e-15);
* ψ (digamma): the reflection formula below 0, the recurrence up to 10, then the asymptotic
  series; ψ₁ (trigamma): six steps of the recurrence and five terms of the series;
* ψ⁽ⁿ⁾ for n ≥ 2: (−1)ⁿ⁺¹ n! ζ(n + 1, x), the Hurwitz zeta by Euler–Maclaurin summation;
* (erf⁻¹ is `engine.special`'s, the registry row ``erfinv``'s kernel;)
* I₀, I₁ and their scaled forms: Chebyshev series on [0, 8] and on [8, ∞);
* Φ⁻¹ (ndtri): three rational approximations; ln Φ (log_ndtr) from erfc, or from the scaled
  erfcx below −1; erfcx from W. J. Cody's ratios (`engine.special`).

Every function takes an array and returns one of the same shape, float64 for float64 input
(the caller casts back).  NaN in, NaN out.
"""

from __future__ import annotations

import math

import numpy as np

from gradviz.engine import special as cody

_LANCZOS = (0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
            -176.61502916214059, 12.507343278686905, -0.13857109526572012,
            9.9843695780195716e-6, 1.5056327351493116e-7)
_HALF_LOG_2PI = 0.5 * math.log(2 * math.pi)


def _errstate(fn):
    def quiet(*args, **kwargs):
        with np.errstate(all="ignore"):
            return fn(*args, **kwargs)

    quiet.__doc__ = fn.__doc__
    return quiet


def _lgamma_right(xp, x):
    """ln Γ(x) for x ≥ ½ (Lanczos)."""
    z = x - 1
    total = xp.full(x.shape, _LANCZOS[0])
    for k, c in enumerate(_LANCZOS[1:], 1):
        total = total + c / (z + k)
    t = z + 7.5
    return _HALF_LOG_2PI + (z + 0.5) * xp.log(t) - t + xp.log(total)


@_errstate
def lgamma(xp, x):
    """ln |Γ(x)|; +inf at 0 and the negative integers."""
    x = xp.asarray(x, dtype=xp.float64)
    left = x < 0.5
    right = _lgamma_right(xp, xp.where(left, 1 - x, x))
    sine = xp.abs(xp.sin(math.pi * (x - xp.trunc(x))))  # |sin(πx)|, from x's fraction
    reflected = math.log(math.pi) - xp.log(sine) - right
    out = xp.where(left, reflected, right)
    out = xp.where((x == 1) | (x == 2), 0.0, out)  # Γ(1) = Γ(2) = 1 exactly, as the C library's
    out = xp.where((x <= 0) & (x == xp.floor(x)), xp.inf, out)
    return xp.where(xp.isinf(x), xp.inf, out)


_PSI_10 = 2.25175258906672110764
_PSI_SERIES = (8.33333333333333333333e-2, -2.10927960927960927961e-2, 7.57575757575757575758e-3,
               -4.16666666666666666667e-3, 3.96825396825396825397e-3,
               -8.33333333333333333333e-3, 8.33333333333333333333e-2)


def _polevl(x, coefficients):
    out = 0.0
    for c in coefficients:
        out = out * x + c
    return out


def _digamma_positive(xp, x):
    result = xp.zeros(x.shape)
    for _ in range(10):  # x + 10 ≥ 10 for every x > 0
        low = x < 10
        result = xp.where(low, result - 1 / xp.where(low, x, 1.0), result)
        x = xp.where(low, x + 1, x)
    z = 1 / (x * x)
    tail = xp.where(x < 1e17, z * _polevl(z, _PSI_SERIES), 0.0)
    series = result + xp.log(x) - 0.5 / x - tail
    return xp.where(x == 10, result + _PSI_10, series)


@_errstate
def digamma(xp, x):
    """ψ(x) = d ln Γ(x)/dx: ∓inf at ±0, nan at the negative integers."""
    x = xp.asarray(x, dtype=xp.float64)
    negative = x < 0
    fraction = x - xp.trunc(x)
    right = _digamma_positive(xp, xp.where(negative, 1 - x, xp.where(x == 0, 1.0, x)))
    reflected = right - math.pi / xp.tan(math.pi * fraction)
    out = xp.where(negative, reflected, right)
    out = xp.where(negative & (fraction == 0), xp.nan, out)
    return xp.where(x == 0, xp.copysign(xp.inf, -x), out)


@_errstate
def trigamma(xp, x):
    """ψ₁(x) = dψ(x)/dx, by PyTorch's sum (the reflection formula below ½)."""
    x = xp.asarray(x, dtype=xp.float64)
    left = x < 0.5
    sign = xp.where(left, -1.0, 1.0)
    sine = xp.sin(math.pi * x)
    result = xp.where(left, -(math.pi * math.pi) / (sine * sine), 0.0)
    x = xp.where(left, 1 - x, x)
    for _ in range(6):
        result = result + 1 / (x * x)
        x = x + 1
    ixx = 1 / (x * x)
    result = result + (1 + 1 / (2 * x) + ixx * (1 / 6 - ixx * (1 / 30 - ixx * (1 / 42)))) / x
    return sign * result


_MACHEP = 1.11022302462515654042e-16
_ZETA_A = (12.0, -720.0, 30240.0, -1209600.0, 47900160.0, -1.8924375803183791606e9,
           7.47242496e10, -2.950130727918164224e12, 1.1646782814350067249e14,
           -4.5979787224074726105e15, 1.8152105401943546773e17, -7.1661652561756670113e18)


@_errstate
def zeta(xp, x, q):
    """The Hurwitz zeta ζ(x, q) = Σₖ (k + q)⁻ˣ (Cephes's Euler–Maclaurin summation)."""
    x, q = xp.broadcast_arrays(xp.asarray(x, dtype=xp.float64), xp.asarray(q, dtype=xp.float64))
    poles = (q <= 0) & (q == xp.floor(q))
    undefined = (x <= 1) | poles | ((q <= 0) & (x != xp.floor(x))) | xp.isnan(q) | xp.isnan(x)
    q = xp.where(undefined, 1.0, q)  # answered below: kept out of the sums
    s = q ** -x
    a, b = q.copy(), xp.zeros(q.shape)
    done = undefined.copy()
    result = xp.zeros(q.shape)
    i = 0
    while True:
        looping = ~done & ((i < 9) | (a <= 9))
        if not bool(looping.any()):
            break
        i += 1
        a = xp.where(looping, a + 1, a)
        term = a ** -x
        s = xp.where(looping, s + term, s)
        b = xp.where(looping, term, b)
        small = looping & (-_MACHEP * s < b) & (b < _MACHEP * s)
        result, done = xp.where(small, s, result), done | small
    w = a
    s = s + b * w / (x - 1) - 0.5 * b
    a, k = xp.ones(q.shape), 0.0
    for coefficient in _ZETA_A:
        a = a * (x + k)
        b = b / w
        t = a * b / coefficient
        s = s + t
        small = ~done & (xp.abs(t / s) < _MACHEP)
        result, done = xp.where(small, s, result), done | small
        k += 1
        a = a * (x + k)
        b = b / w
        k += 1
    result = xp.where(done, result, s)
    result = xp.where(undefined, xp.nan, result)
    result = xp.where(poles, xp.inf, result)
    return xp.where(x == 1, xp.inf, xp.where(x < 1, xp.nan, result))


def polygamma(xp, n: int, x):
    """ψ⁽ⁿ⁾(x), the n-th derivative of ψ."""
    if n == 0:
        return digamma(xp, x)
    if n == 1:
        return trigamma(xp, x)
    factor = (1.0 if n % 2 else -1.0) * math.exp(math.lgamma(n + 1.0))
    return factor * zeta(xp, float(n + 1), x)


# ── the modified Bessel functions I₀ and I₁ ──────────────────────────────────────────────
_I0E_A = (-4.41534164647933937950e-18, 3.33079451882223809783e-17, -2.43127984654795469359e-16,
          1.71539128555513303061e-15, -1.16853328779934516808e-14, 7.67618549860493561688e-14,
          -4.85644678311192946090e-13, 2.95505266312963983461e-12,
          -1.72682629144155570723e-11, 9.67580903537323691224e-11,
          -5.18979560163526290666e-10, 2.65982372468238665035e-9, -1.30002500998624804212e-8,
          6.04699502254191894932e-8, -2.67079385394061173391e-7, 1.11738753912010371815e-6,
          -4.41673835845875056359e-6, 1.64484480707288970893e-5, -5.75419501008210370398e-5,
          1.88502885095841655729e-4, -5.76375574538582365885e-4, 1.63947561694133579842e-3,
          -4.32430999505057594430e-3, 1.05464603945949983183e-2, -2.37374148058994688156e-2,
          4.93052842396707084878e-2, -9.49010970480476444210e-2, 1.71620901522208775349e-1,
          -3.04682672343198398683e-1, 6.76795274409476084995e-1)
_I0E_B = (-7.23318048787475395456e-18, -4.83050448594418207126e-18, 4.46562142029675999901e-17,
          3.46122286769746109310e-17, -2.82762398051658348494e-16, -3.42548561967721913462e-16,
          1.77256013305652638360e-15, 3.81168066935262242075e-15, -9.55484669882830764870e-15,
          -4.15056934728722208663e-14, 1.54008621752140982691e-14, 3.85277838274214270114e-13,
          7.18012445138366623367e-13, -1.79417853150680611778e-12,
          -1.32158118404477131188e-11, -3.14991652796324136454e-11,
          1.18891471078464383424e-11, 4.94060238822496958910e-10, 3.39623202570838634515e-9,
          2.26666899049817806459e-8, 2.04891858946906374183e-7, 2.89137052083475648297e-6,
          6.88975834691682398426e-5, 3.36911647825569408990e-3, 8.04490411014108831608e-1)
_I1E_A = (2.77791411276104639959e-18, -2.11142121435816608115e-17, 1.55363195773620046921e-16,
          -1.10559694773538630805e-15, 7.60068429473540693410e-15, -5.04218550472791168711e-14,
          3.22379336594557470981e-13, -1.98397439776494371520e-12, 1.17361862988909016308e-11,
          -6.66348972350202774223e-11, 3.62559028155211703701e-10,
          -1.88724975172282928790e-9, 9.38153738649577178388e-9, -4.44505912879632808065e-8,
          2.00329475355213526229e-7, -8.56872026469545474066e-7, 3.47025130813767847674e-6,
          -1.32731636560394358279e-5, 4.78156510755005422638e-5, -1.61760815825896745588e-4,
          5.12285956168575772895e-4, -1.51357245063125314899e-3, 4.15642294431288815669e-3,
          -1.05640848946261981558e-2, 2.47264490306265168283e-2, -5.29459812080949914269e-2,
          1.02643658689847095384e-1, -1.76416518357834055153e-1, 2.52587186443633654823e-1)
_I1E_B = (7.51729631084210481353e-18, 4.41434832307170791151e-18, -4.65030536848935832153e-17,
          -3.20952592199342395980e-17, 2.96262899764595013876e-16, 3.30820231092092828324e-16,
          -1.88035477551078244854e-15, -3.81440307243700780478e-15,
          1.04202769841288027642e-14, 4.27244001671195135429e-14, -2.10154184277266431302e-14,
          -4.08355111109219731823e-13, -7.19855177624590851209e-13,
          2.03562854414708950722e-12, 1.41258074366137813316e-11, 3.25260358301548823856e-11,
          -1.89749581235054123450e-11, -5.58974346219658380687e-10,
          -3.83538038596423702205e-9, -2.63146884688951950684e-8, -2.51223623787020892529e-7,
          -3.88256480887769039346e-6, -1.10588938762623716291e-4, -9.76109749136146840777e-3,
          7.78576235018280120474e-1)


def _chebyshev(x, coefficients):
    """Σ cᵢ Tᵢ(x/2) by Clenshaw's recurrence (Cephes's chbevl)."""
    b0, b1, b2 = coefficients[0], 0.0, 0.0
    for c in coefficients[1:]:
        b2, b1 = b1, b0
        b0 = x * b1 - b2 + c
    return 0.5 * (b0 - b2)


def _scaled_bessel(xp, x, near, far, times_x):
    """e^−|x|·I(x) from the two Chebyshev series (I₁'s odd: `times_x`)."""
    y = xp.abs(xp.asarray(x, dtype=xp.float64))
    inner = _chebyshev(y / 2 - 2, near)
    if times_x:
        inner = inner * y
    outer = _chebyshev(32 / xp.where(y > 8, y, 8.0) - 2, far) / xp.sqrt(xp.where(y > 8, y, 8.0))
    return xp.where(xp.isnan(y), y, xp.where(y <= 8, inner, outer))


@_errstate
def i0e(xp, x):
    """e^−|x| I₀(x)."""
    return _scaled_bessel(xp, x, _I0E_A, _I0E_B, False)


@_errstate
def i0(xp, x):
    """I₀(x), the modified Bessel function of the first kind, order 0."""
    return xp.exp(xp.abs(xp.asarray(x, dtype=xp.float64))) * i0e(xp, x)


@_errstate
def i1e(xp, x):
    """e^−|x| I₁(x) (odd)."""
    x = xp.asarray(x, dtype=xp.float64)
    out = _scaled_bessel(xp, x, _I1E_A, _I1E_B, True)
    return xp.where(x < 0, -out, out)


@_errstate
def i1(xp, x):
    """I₁(x), order 1 (odd)."""
    x = xp.asarray(x, dtype=xp.float64)
    return xp.exp(xp.abs(x)) * i1e(xp, x)


# ── the normal distribution: Φ⁻¹, ln Φ, erfcx ────────────────────────────────────────────
_NDTRI_P0 = (-5.99633501014107895267e1, 9.80010754185999661536e1, -5.66762857469070293439e1,
             1.39312609387279679503e1, -1.23916583867381258016e0)
_NDTRI_Q0 = (1.0, 1.95448858338141759834e0, 4.67627912898881538453e0, 8.63602421390890590575e1,
             -2.25462687854119370527e2, 2.00260212380060660359e2, -8.20372256168333339912e1,
             1.59056225126211695515e1, -1.18331621121330003142e0)
_NDTRI_P1 = (4.05544892305962419923e0, 3.15251094599893866154e1, 5.71628192246421288162e1,
             4.40805073893200834700e1, 1.46849561928858024014e1, 2.18663306850790267539e0,
             -1.40256079171354495875e-1, -3.50424626827848203418e-2,
             -8.57456785154685413611e-4)
_NDTRI_Q1 = (1.0, 1.57799883256466749731e1, 4.53907635128879210584e1, 4.13172038254672030440e1,
             1.50425385692907503408e1, 2.50464946208309415979e0, -1.42182922854787788574e-1,
             -3.80806407691578277194e-2, -9.33259480895457427372e-4)
_NDTRI_P2 = (3.23774891776946035970e0, 6.91522889068984211695e0, 3.93881025292474443415e0,
             1.33303460815807542389e0, 2.01485389549179081538e-1, 1.23716634817820021358e-2,
             3.01581553508235416007e-4, 2.65806974686737550832e-6, 6.23974539184983293730e-9)
_NDTRI_Q2 = (1.0, 6.02427039364742014255e0, 3.67983563856160859403e0, 1.37702099489081330271e0,
             2.16236993594496635890e-1, 1.34204006088543189037e-2, 3.28014464682127739104e-4,
             2.89247864745380683936e-6, 6.79019408009981274425e-9)
_EXP_M2 = 0.13533528323661269189  # e⁻²
_S2PI = 2.50662827463100050242


@_errstate
def ndtri(xp, p):
    """Φ⁻¹(p), the standard normal's quantile: −inf at 0, inf at 1, nan outside [0, 1]."""
    p = xp.asarray(p, dtype=xp.float64)
    upper = p > 1 - _EXP_M2
    y = xp.where(upper, 1 - p, p)
    centre = y - 0.5
    y2 = centre * centre
    middle = (centre + centre * (y2 * _polevl(y2, _NDTRI_P0) / _polevl(y2, _NDTRI_Q0))) * _S2PI
    t = xp.sqrt(-2.0 * xp.log(xp.where(y > 0, y, 1.0)))
    z = 1 / t
    near = z * _polevl(z, _NDTRI_P1) / _polevl(z, _NDTRI_Q1)
    far = z * _polevl(z, _NDTRI_P2) / _polevl(z, _NDTRI_Q2)
    tail = t - xp.log(t) / t - xp.where(t < 8, near, far)
    tail = xp.where(upper, tail, -tail)
    out = xp.where(y > _EXP_M2, middle, tail)
    out = xp.where(p == 0, -xp.inf, xp.where(p == 1, xp.inf, out))
    return xp.where((p < 0) | (p > 1), xp.nan, out)


@_errstate
def erfcx(xp, x):
    """e^(x²)·erfc(x), without its overflow: Cody's ratio for x > 0.46875, 2e^(x²) − erfcx(−x)
    below 0."""
    x = xp.asarray(x, dtype=xp.float64)
    y = xp.abs(x)
    small = y <= 0.46875
    middle = cody._middle(xp.where(y <= 4, y, 1.0))
    tail = cody._tail(xp, xp.where(y > 4, y, 5.0))
    positive = xp.where(small, xp.exp(y * y) * cody.erfc(xp, y), xp.where(y <= 4, middle, tail))
    negative = 2 * xp.exp(x * x) - positive
    out = xp.where(x < 0, negative, positive)
    return xp.where(xp.isnan(x), x, out)


@_errstate
def log_ndtr(xp, x):
    """ln Φ(x), accurate far into both tails."""
    x = xp.asarray(x, dtype=xp.float64)
    t = x * cody.SQRT_2_INV
    left = xp.log(erfcx(xp, -t) / 2) - t * t
    right = xp.log1p(-cody.erfc(xp, t) / 2)
    return xp.where(x < -1, left, right)


@_errstate
def sinc(xp, x):
    """sin(πx)/(πx), 1 at 0."""
    product = math.pi * x
    return xp.where(x == 0, 1.0, xp.sin(product) / xp.where(x == 0, 1.0, product))


@_errstate
def entr(xp, x):
    """−x ln x for x > 0, 0 at 0, −inf below."""
    return xp.where(x > 0, -x * xp.log(xp.where(x > 0, x, 1.0)),
                    xp.where(x == 0, 0.0, xp.where(xp.isnan(x), x, -xp.inf)))
