/**
 * What a mediation agreed (调解结果), as written in the mediation register. Plain civil matters:
 * nothing here refers to anyone's ethnicity or religion.
 */
import type { DisputeKind } from './case-types';

export const MEDIATED_OUTCOMES: Record<DisputeKind, readonly string[]> = {
  LABOUR: [
    '双方达成调解协议，拖欠工资分期支付',
    '用人单位一次性结清拖欠工资',
    '包工头当场兑付拖欠的劳务费',
    '双方协商一致解除劳动关系，用人单位支付经济补偿',
    '用人单位补签劳动合同并补发加班费',
    '双方达成协议，工伤医疗费用由用人单位承担',
  ],
  NEIGHBOURHOOD: [
    '双方互谅互让，握手言和',
    '楼上住户修复漏水并赔偿损失',
    '双方约定作息时段，不再扰邻',
    '占用楼道的杂物已清理，双方和解',
    '双方协商分摊公共设施维修费用',
    '停车纠纷经协商划定车位，双方认可',
  ],
  TENANCY: [
    '房东退还押金',
    '双方协商解除租赁合同，退还剩余租金',
    '租户补缴拖欠房租，继续履行合同',
    '房东限期维修房屋，租金适当减免',
    '双方协商延期搬离，按日结算租金',
  ],
  FAMILY: [
    '夫妻双方达成和解，共同抚养子女',
    '经调解双方同意协议离婚，子女抚养和财产分割达成一致',
    '子女承诺按月支付赡养费',
    '家庭成员就财产分配达成协议',
    '双方达成和解，互相谅解',
  ],
  COMMERCIAL: ['双方达成还款协议，欠款分期偿还', '商户退货退款并赔礼道歉', '双方协商赔偿货款损失', '合伙双方协商清算后退伙', '摊位转让费按协议退还一半'],
  OTHER: ['双方协商一致，赔偿医疗费用', '交通事故双方达成赔偿协议', '双方达成谅解，一方赔礼道歉', '损坏财物照价赔偿'],
};
