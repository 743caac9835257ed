// The demo shop's catalogue: fresh food with Chinese names, EAN-13-like barcodes and prices in fen.
// Goods priced per 斤 or per kg are sold by weight: their stock is in grams and each has an item
// code for the counter scale's labels (its place in the list, 5 digits: 西红柿 is 00010, whose
// label for ¥3.82 reads 22 00010 00382 K with the demo's default label format).
import type { NewGoods } from '../catalog/catalog-admin.service'

type Row = [goods: string, sku: string, unit: string, priceFen: number, stock: number]

/** Grams per priced unit of the units sold by weight. */
const weighed: Record<string, 500 | 1000> = { 斤: 500, kg: 1000 }

const rows: Row[] = [
  ['红富士苹果', '红富士苹果 一个', '个', 350, 200],
  ['红富士苹果', '红富士苹果 五斤装', '箱', 3990, 40],
  ['香蕉', '进口香蕉 一把', '把', 890, 120],
  ['赣南脐橙', '赣南脐橙', '斤', 680, 150],
  ['阳光玫瑰葡萄', '阳光玫瑰葡萄 一盒', '盒', 2980, 60],
  ['草莓', '丹东草莓 一盒', '盒', 3580, 40],
  ['西瓜', '麒麟西瓜 一个', '个', 2500, 30],
  ['猕猴桃', '徐香猕猴桃', '斤', 990, 80],
  ['大白菜', '大白菜 一颗', '颗', 450, 100],
  ['西红柿', '西红柿', '斤', 520, 150],
  ['黄瓜', '黄瓜', '斤', 380, 150],
  ['土豆', '土豆', '斤', 260, 300],
  ['胡萝卜', '胡萝卜', '斤', 300, 200],
  ['西兰花', '西兰花 一颗', '颗', 680, 90],
  ['菠菜', '菠菜 一把', '把', 420, 80],
  ['鸡蛋', '土鸡蛋 十枚', '盒', 1690, 120],
  ['鸡蛋', '鲜鸡蛋 三十枚', '盒', 2990, 60],
  ['纯牛奶', '纯牛奶 250ml', '盒', 350, 400],
  ['纯牛奶', '纯牛奶 1L', '瓶', 1290, 120],
  ['酸奶', '原味酸奶 200g', '杯', 580, 150],
  ['猪肉', '五花肉', '斤', 2380, 60],
  ['猪肉', '猪里脊', 'kg', 5360, 50],
  ['牛肉', '牛腱子', '斤', 5980, 40],
  ['鸡肉', '鸡胸肉', '斤', 1480, 70],
  ['鸡肉', '鸡翅中', '斤', 2980, 50],
  ['鲈鱼', '鲜活鲈鱼 一条', '条', 3680, 25],
  ['基围虾', '基围虾', '斤', 6980, 20],
  ['豆腐', '北豆腐 一块', '块', 280, 100],
  ['大米', '东北大米 5kg', '袋', 4990, 50],
  ['面条', '手擀面', '斤', 500, 80],
  ['馒头', '老面馒头 四个', '袋', 600, 60],
  ['食用油', '花生油 1.8L', '桶', 5990, 30],
  ['酱油', '生抽酱油 500ml', '瓶', 1190, 60],
  ['矿泉水', '矿泉水 550ml', '瓶', 200, 500],
]

/**
 * The catalogue grouped into goods, each with its SKUs and a stable demo barcode. A weight SKU's
 * stock figure is in its units (斤, kg) in the table above and in grams in the shop.
 */
export function demoCatalog(): NewGoods[] {
  const goods = new Map<string, NewGoods>()
  rows.forEach(([goodsName, skuName, unit, priceFen, stock], index) => {
    const entry = goods.get(goodsName) ?? { name: goodsName, description: `${goodsName}（演示数据）`, skus: [] }
    const place = String(index + 1).padStart(5, '0')
    const unitGrams = weighed[unit]
    const sku = { name: skuName, barcode: `69200000${place}`, unit, priceFen, stock }
    entry.skus.push(
      unitGrams
        ? { ...sku, stock: stock * unitGrams, saleMode: 'by_weight', unitGrams, scaleCode: place }
        : { ...sku, saleMode: 'by_piece' },
    )
    goods.set(goodsName, entry)
  })
  return [...goods.values()]
}
