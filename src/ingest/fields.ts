/**
 * The canonical fields of each input kind and the header aliases that name them (inputs.md).
 * Aliases are per kind: 发放金额 is approvedAmount in a roster and amount in a bank file.
 */
import type { InputKind } from '../db/schema.ts';

export interface KindSpec {
  /** Fields that must be present as columns (after the ingest options have supplied what they can). */
  required: readonly string[];
  /** Groups of which at least one must be present (bank: accountNo or idNumber). */
  oneOf?: readonly (readonly string[])[];
  /** Fields the ingest options / title row / file name may supply instead of a column. */
  suppliable?: readonly string[];
  aliases: Readonly<Record<string, readonly string[]>>;
}

const PERIOD = ['发放月份', '发放年月', '所属期', '所属月份', '月份', '期间'];
const DISTRICT = ['区县', '所属区县', '区(县)', '区县名称'];
const DISTRICT_CODE = ['区划代码', '行政区划代码'];
const ID = ['身份证号码', '身份证号', '公民身份号码', '证件号码', '户主身份证号', '身份证'];
const PROGRAM = ['救助类别', '保障类别', '低保类别', '类别', '救助类型'];
const BANK_NAME = ['开户银行', '开户行', '银行名称'];
const ACCOUNT = ['银行账号', '账号', '卡号', '银行卡号', '存折号', '社保卡号', '银行账户', '收方账号', '收款账号'];
const HOLDER = ['账户名', '户名', '开户人', '持卡人', '收款人', '客户姓名', '收方户名'];
const NAME = ['姓名', '户主姓名', '户主', '申请人', '享受人', '救助对象', '救助对象姓名'];

export const KINDS: Readonly<Record<InputKind, KindSpec>> = {
  roster: {
    required: ['period', 'district', 'name', 'idNumber', 'program', 'approvedAmount'],
    suppliable: ['period', 'district', 'program'],
    aliases: {
      period: PERIOD,
      district: DISTRICT,
      districtCode: DISTRICT_CODE,
      township: ['乡镇(街道)', '乡镇街道', '乡镇', '街道', '镇街'],
      village: ['村(社区)', '村社区', '所属社区', '村名', '社区'],
      name: NAME,
      idNumber: ID,
      program: PROGRAM,
      householdSize: ['保障人数', '保障人口', '保障总人口', '家庭人口', '家庭成员数'],
      approvedAmount: ['核定金额', '月保障金', '月保障金额', '保障金额', '低保金额', '救助金额', '发放金额', '总发放金额', '应发金额'],
      bankName: BANK_NAME,
      accountNo: ACCOUNT,
      accountHolder: HOLDER,
      proxyName: ['代领人', '代领人姓名', '代管人', '代为支取人'],
      proxyIdNumber: ['代领人身份证号码', '代领人身份证号', '代领人证件号码'],
      agreementNo: ['代领协议编号', '代领协议号', '协议编号'],
    },
  },
  bank: {
    required: ['accountHolder', 'amount', 'status'],
    oneOf: [['accountNo', 'idNumber']],
    aliases: {
      period: PERIOD,
      district: DISTRICT,
      program: PROGRAM,
      idNumber: ID,
      accountNo: ACCOUNT,
      accountHolder: [...HOLDER, '姓名'],
      amount: ['金额', '实发金额', '交易金额', '实处理金额', '发放金额', '代发金额'],
      fee: ['手续费', '费用', '服务费'],
      label: ['用途', '摘要', '附言', '备注', '业务摘要'],
      paidOn: ['交易日期', '发放日期', '入账日期', '处理日期'],
      status: ['状态', '交易状态', '处理标志', '处理结果', '发放状态'],
      failReason: ['失败原因', '错误信息', '备注信息'],
      batchNo: ['批次号', '批次编号', '批号'],
      serialNo: ['流水号', '业务参考号'],
      bankName: BANK_NAME,
    },
  },
  staff: {
    required: ['name', 'idNumber'],
    aliases: {
      name: ['姓名'],
      idNumber: ID,
      unit: ['单位', '工作单位', '所在乡镇'],
      role: ['岗位', '职务', '身份'],
    },
  },
  proxy: {
    required: ['recipientIdNumber', 'proxyName', 'proxyIdNumber', 'agreementNo'],
    aliases: {
      recipientIdNumber: ['救助对象身份证号码', '被代领人身份证号码', '对象身份证号'],
      recipientName: ['救助对象姓名', '被代领人姓名', '救助对象', '姓名'],
      proxyName: ['代领人', '代领人姓名', '代管人', '代为支取人'],
      proxyIdNumber: ['代领人身份证号码', '代领人身份证号', '代领人证件号码'],
      agreementNo: ['代领协议编号', '代领协议号', '协议编号'],
      filedOn: ['备案日期', '签订日期'],
      relationship: ['关系', '与救助对象关系', '与户主关系'],
    },
  },
  deaths: {
    required: ['idNumber', 'diedOn'],
    aliases: { idNumber: ID, diedOn: ['死亡日期', '注销日期', '火化日期'], name: ['姓名'] },
  },
  // A cross-check list declared in the config: its own aliases replace these (see listAliasIndex).
  list: {
    required: ['idNumber'],
    aliases: { idNumber: ID, name: ['姓名', '名称'] },
  },
  standards: {
    required: ['effectiveFrom', 'program', 'monthlyStandard'],
    aliases: {
      effectiveFrom: ['执行日期', '生效日期'],
      program: PROGRAM,
      monthlyStandard: ['保障标准', '月标准', '标准'],
      district: DISTRICT,
      area: ['城乡', '地区类别', '区域'],
      maxSupplement: ['最高补差', '分类施保上限'],
    },
  },
  allocation: {
    required: ['docNo', 'allocatedOn', 'district', 'program', 'amount'],
    suppliable: ['district', 'program'],
    aliases: {
      docNo: ['文号', '下达文号', '指标文号', '拨款文号', '发文文号', '文件文号'],
      allocatedOn: ['下达日期', '拨付日期', '拨款日期', '指标下达日期', '下达时间'],
      source: ['资金来源', '资金级次', '来源'],
      district: DISTRICT,
      districtCode: DISTRICT_CODE,
      program: [...PROGRAM, '资金类别', '项目名称', '资金项目'],
      amount: ['金额', '下达金额', '拨付金额', '拨款金额', '指标金额', '资金金额'],
      recipient: ['下达对象', '拨付对象', '收款单位', '资金拨付对象'],
    },
  },
  'petty-cash': {
    required: ['spentOn', 'name', 'method', 'amount'],
    suppliable: ['district'],
    aliases: {
      district: DISTRICT,
      districtCode: DISTRICT_CODE,
      township: ['乡镇街道', '乡镇(街道)', '乡镇', '街道', '镇街'],
      spentOn: ['日期', '发放日期', '救助日期', '支出日期', '领取日期'],
      name: ['姓名', '救助对象', '救助对象姓名', '受助人', '受助人姓名', '领取人'],
      idNumber: ID,
      method: ['方式', '发放方式', '救助方式', '支付方式'],
      amount: ['金额', '救助金额', '发放金额', '支出金额', '折价金额', '价值'],
      item: ['物品', '物品名称', '实物名称', '实物内容'],
      registrationNo: ['登记编号', '登记号', '备案编号', '登记备案编号'],
      handler: ['经办人', '经手人', '发放人'],
    },
  },
};

/**
 * Kinds in the order a header is tried against them: the most specific first. A petty-cash ledger
 * (姓名, 身份证号码, 救助金额) would pass as a roster, so the kinds with distinctive columns (bank: 状态;
 * allocation: 文号 + 下达日期; petty cash: 日期 + 方式) are tried before it.
 */
export const DETECTION_ORDER: readonly InputKind[] = ['bank', 'allocation', 'petty-cash', 'roster', 'proxy', 'deaths', 'standards', 'staff'];

/** Chinese and English names of canonical fields, for messages. */
export const FIELD_NAMES: Readonly<Record<string, readonly [string, string]>> = {
  period: ['发放月份', 'period'],
  district: ['区县', 'district'],
  districtCode: ['行政区划代码', 'district code'],
  township: ['乡镇(街道)', 'township'],
  village: ['村(社区)', 'village'],
  name: ['姓名', 'name'],
  idNumber: ['身份证号码', 'ID number'],
  program: ['救助类别', 'program'],
  householdSize: ['保障人数', 'household size'],
  approvedAmount: ['核定金额', 'approved amount'],
  bankName: ['开户银行', 'bank'],
  accountNo: ['银行账号', 'account number'],
  accountHolder: ['账户名', 'account holder'],
  proxyName: ['代领人', 'proxy name'],
  proxyIdNumber: ['代领人身份证号码', 'proxy ID number'],
  agreementNo: ['代领协议编号', 'agreement number'],
  amount: ['金额', 'amount'],
  fee: ['手续费', 'fee'],
  label: ['用途', 'label'],
  paidOn: ['交易日期', 'payment date'],
  status: ['状态', 'status'],
  failReason: ['失败原因', 'failure reason'],
  batchNo: ['批次号', 'batch number'],
  serialNo: ['流水号', 'serial number'],
  unit: ['单位', 'unit'],
  role: ['岗位', 'role'],
  recipientIdNumber: ['救助对象身份证号码', 'recipient ID number'],
  recipientName: ['救助对象姓名', 'recipient name'],
  filedOn: ['备案日期', 'filing date'],
  relationship: ['关系', 'relationship'],
  diedOn: ['死亡日期', 'date of death'],
  effectiveFrom: ['执行日期', 'effective from'],
  monthlyStandard: ['保障标准', 'monthly standard'],
  area: ['城乡', 'area'],
  maxSupplement: ['最高补差', 'max supplement'],
  docNo: ['文号', 'document number'],
  allocatedOn: ['下达日期', 'allocation date'],
  source: ['资金来源', 'source of funds'],
  recipient: ['下达对象', 'allocated to'],
  spentOn: ['日期', 'date'],
  method: ['方式', 'method'],
  item: ['物品', 'item'],
  registrationNo: ['登记编号', 'registration number'],
  handler: ['经办人', 'handled by'],
};

export function fieldName(field: string, lang: 'zh' | 'en'): string {
  const names = FIELD_NAMES[field];
  return names ? names[lang === 'zh' ? 0 : 1] : field;
}

/**
 * Normalises a header cell (or an alias) for lookup: NFKC, no white space or line breaks, bracketed
 * notes and units dropped, 帐 → 账, latin letters lower-cased.
 */
export function normaliseHeader(raw: string): string {
  return raw
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/\([^()]*\)|\[[^\][]*\]|【[^【】]*】|〔[^〔〕]*〕/g, '')
    .replace(/[*＊:：]/g, '')
    .replace(/帐/g, '账')
    .toLowerCase();
}

/** The alias index of a declared cross-check list: its own ID and name column headers. */
export function listAliasIndex(list: { idColumns: readonly string[]; nameColumns: readonly string[] }): ReadonlyMap<string, string> {
  const map = new Map<string, string>();
  for (const alias of list.nameColumns) map.set(normaliseHeader(alias), 'name');
  for (const alias of list.idColumns) map.set(normaliseHeader(alias), 'idNumber');
  return map;
}

/** Per kind: normalised alias → field. Built once. */
export const ALIAS_INDEX: Readonly<Record<InputKind, ReadonlyMap<string, string>>> = Object.fromEntries(
  (Object.keys(KINDS) as InputKind[]).map((kind) => {
    const map = new Map<string, string>();
    for (const [field, aliases] of Object.entries(KINDS[kind].aliases)) {
      for (const alias of aliases) map.set(normaliseHeader(alias), field);
    }
    return [kind, map];
  }),
) as unknown as Record<InputKind, ReadonlyMap<string, string>>;
